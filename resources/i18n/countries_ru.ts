<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>Countries</name>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="20"/>
        <source>Russia</source>
        <translation>Россия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="20"/>
        <source>Belarus</source>
        <translation>Беларусь</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="21"/>
        <source>Kazakhstan</source>
        <translation>Казахстан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="21"/>
        <source>Ukraine</source>
        <translation>Украина</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="22"/>
        <source>Uzbekistan</source>
        <translation>Узбекистан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="22"/>
        <source>Kyrgyzstan</source>
        <translation>Киргизия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="23"/>
        <source>Armenia</source>
        <translation>Армения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="23"/>
        <source>Georgia</source>
        <translation>Грузия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="24"/>
        <source>Azerbaijan</source>
        <translation>Азербайджан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="24"/>
        <source>Moldova</source>
        <translation>Молдова</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="25"/>
        <source>Tajikistan</source>
        <translation>Таджикистан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="25"/>
        <source>Turkmenistan</source>
        <translation>Туркменистан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="26"/>
        <source>Latvia</source>
        <translation>Латвия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="26"/>
        <source>Lithuania</source>
        <translation>Литва</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="27"/>
        <source>Estonia</source>
        <translation>Эстония</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="27"/>
        <source>Germany</source>
        <translation>Германия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="28"/>
        <source>United States</source>
        <translation>США</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/countries.py" line="29"/>
        <source>United Kingdom</source>
        <translation>Великобритания</translation>
    </message>
</context>
</TS>
