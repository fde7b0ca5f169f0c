<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB">
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>%1 — %n client(s)</source>
        <translation><numerusform>%1 — %n client</numerusform><numerusform>%1 — %n clients</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Export %n row(s) (%1) to “%2”?</source>
        <translation><numerusform>Export %n row (%1) to “%2”?</numerusform><numerusform>Export %n rows (%1) to “%2”?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written to “%1”.</source>
        <translation><numerusform>%n row written to “%1”.</numerusform><numerusform>%n rows written to “%1”.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) will be exported.</source>
        <translation><numerusform>%n row will be exported.</numerusform><numerusform>%n rows will be exported.</numerusform></translation>
    </message>
</context>
</TS>
