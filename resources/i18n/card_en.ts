<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB">
<context>
    <name>ClientCard</name>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/card/editor.py" line="292" />
        <source>The card was not saved: fix the %n marked field(s).</source>
        <translation><numerusform>The card was not saved: fix the marked field.</numerusform><numerusform>The card was not saved: fix the %n marked fields.</numerusform></translation>
    </message>
    </context>
<context>
    <name>TodayPanel</name>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/today_panel.py" line="76" />
        <source>overdue by %n day(s)</source>
        <translation><numerusform>overdue by %n day</numerusform><numerusform>overdue by %n days</numerusform></translation>
    </message>
    </context>
</TS>