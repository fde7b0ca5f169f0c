<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru_RU">
<context>
    <name>ConditionRow</name>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="96" />
        <source>not</source>
        <translation>не</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="99" />
        <source>Remove this condition</source>
        <translation>Убрать условие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="159" />
        <source>e.g. 20</source>
        <translation>например, 20</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="96" />
        <source>hot</source>
        <translation>горячие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="96" />
        <source>warm</source>
        <translation>тёплые</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="96" />
        <source>cold</source>
        <translation>холодные</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="96" />
        <source>not set</source>
        <translation>не задана</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="97" />
        <source>lead</source>
        <translation>потенциальный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="97" />
        <source>active</source>
        <translation>активный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="97" />
        <source>former</source>
        <translation>бывший</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="98" />
        <source>problem</source>
        <translation>проблемный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="232" />
        <location filename="../../src/clientbook/ui/dashboard.py" line="236" />
        <source>Clients by status</source>
        <translation>Клиенты по статусу</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="201" />
        <source>Clients by temperature</source>
        <translation>Клиенты по температуре</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="261" />
        <source>share of revenue</source>
        <translation>доля выручки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="266" />
        <source>Revenue Pareto: % of buyers → % of revenue</source>
        <translation>Парето выручки: % покупателей → % выручки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="268" />
        <source>% of buyers</source>
        <translation>% покупателей</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="269" />
        <source>% of revenue</source>
        <translation>% выручки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="287" />
        <source>RFM: recency (rows, 5 = recent) × frequency (columns)</source>
        <translation>RFM: давность (строки, 5 = недавно) × частота (столбцы)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="59" />
        <source>Dashboard — Clientbook</source>
        <translation>Сводка — Clientbook</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="60" />
        <source>Period:</source>
        <translation>Период:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="92" />
        <source>3 months</source>
        <translation>3 месяца</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="92" />
        <source>6 months</source>
        <translation>6 месяцев</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="92" />
        <source>12 months</source>
        <translation>12 месяцев</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="93" />
        <source>This year</source>
        <translation>Этот год</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="93" />
        <source>All time</source>
        <translation>Всё время</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="108" />
        <source>Reading the figures…</source>
        <translation>Считаю показатели…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="162" />
        <source>The figures could not be read: %1</source>
        <translation>Не удалось прочитать показатели: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="153" />
        <source>New clients</source>
        <translation>Новые клиенты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="154" />
        <source>Revenue, ₽</source>
        <translation>Выручка, ₽</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="1" />
        <source>Selection</source>
        <translation>Выбранные</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="1" />
        <source>Segment</source>
        <translation>Сегмент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="1" />
        <source>All clients</source>
        <translation>Все клиенты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="194" />
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="206" />
        <source>The preview could not be read: %1</source>
        <translation>Не удалось подсчитать строки: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="131" />
        <location filename="../../src/clientbook/ui/export_dialog.py" line="267" />
        <location filename="../../src/clientbook/ui/export_dialog.py" line="270" />
        <location filename="../../src/clientbook/ui/export_dialog.py" line="281" />
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="85" />
        <source>Excel workbook (.xlsx)</source>
        <translation>Книга Excel (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="85" />
        <source>Text, comma-separated (.csv)</source>
        <translation>Текст с разделителями (.csv)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="86" />
        <source>Contacts (vCard .vcf)</source>
        <translation>Контакты (vCard .vcf)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="89" />
        <source>Full card</source>
        <translation>Вся карточка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="89" />
        <source>E-mail mailing</source>
        <translation>Рассылка по эл. почте</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="90" />
        <source>SMS mailing</source>
        <translation>SMS-рассылка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="94" />
        <source>No (everyone in the list)</source>
        <translation>Нет (все из списка)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="94" />
        <source>E-mail: only with consent</source>
        <translation>Эл. почта: только с согласием</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="95" />
        <source>SMS: only with consent</source>
        <translation>SMS: только с согласием</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="98" />
        <source>One row per address</source>
        <translation>Строка на каждый адрес</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="103" />
        <source>semicolon ;</source>
        <translation>точка с запятой ;</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="103" />
        <source>comma ,</source>
        <translation>запятая ,</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="103" />
        <source>tab</source>
        <translation>табуляция</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="105" />
        <source>Also export recipients without consent (needs confirmation)</source>
        <translation>Выгрузить и получателей без согласия (нужно подтверждение)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="111" />
        <source>Show excluded…</source>
        <translation>Показать исключённых…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="116" />
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="121" />
        <source>Format:</source>
        <translation>Формат:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="122" />
        <source>Columns:</source>
        <translation>Столбцы:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="123" />
        <source>Mailing:</source>
        <translation>Рассылка:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="125" />
        <source>Encoding:</source>
        <translation>Кодировка:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="126" />
        <source>Delimiter:</source>
        <translation>Разделитель:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="129" />
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="175" />
        <source>Export without consent</source>
        <translation>Экспорт без согласия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="176" />
        <source>Recipients who never consented or withdrew their consent will be exported too. This may break the law on personal data (152-ФЗ, GDPR) and is recorded in the change history. Continue?</source>
        <translation>Будут выгружены и те, кто не давал согласия или отозвал его. Это может нарушать закон о персональных данных (152-ФЗ, GDPR) и будет записано в историю изменений. Продолжить?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/export_dialog.py" line="216" />
        <source>%n row(s) will be exported.</source>
        <translation>
            <numerusform>Будет выгружена %n строка.</numerusform>
            <numerusform>Будет выгружено %n строки.</numerusform>
            <numerusform>Будет выгружено %n строк.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="220" />
        <source>Excluded: %1.</source>
        <translation>Исключено: %1.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="244" />
        <source>Export to</source>
        <translation>Экспорт в файл</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="261" />
        <source>Exporting…</source>
        <translation>Экспорт…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/export_dialog.py" line="215" />
        <source>%1 — %n client(s)</source>
        <translation>
            <numerusform>%1 — %n клиент</numerusform>
            <numerusform>%1 — %n клиента</numerusform>
            <numerusform>%1 — %n клиентов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/export_dialog.py" line="282" />
        <source>Export %n row(s) (%1) to “%2”?</source>
        <translation>
            <numerusform>Выгрузить %n строку (%1) в «%2»?</numerusform>
            <numerusform>Выгрузить %n строки (%1) в «%2»?</numerusform>
            <numerusform>Выгрузить %n строк (%1) в «%2»?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/export_dialog.py" line="292" />
        <source>%n row(s) written to “%1”.</source>
        <translation>
            <numerusform>%n строка записана в «%1».</numerusform>
            <numerusform>%n строки записаны в «%1».</numerusform>
            <numerusform>%n строк записано в «%1».</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="77" />
        <source>Export — Clientbook</source>
        <translation>Экспорт — Clientbook</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="291" />
        <source>Export finished</source>
        <translation>Экспорт завершён</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="294" />
        <source>Open folder</source>
        <translation>Открыть папку</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="106" />
        <source>Stored codes instead of words (for re-importing the file)</source>
        <translation>Коды вместо слов (для повторного импорта файла)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="107" />
        <source>Kind, status, temperature, gender and behaviour as the base stores them (person, active, hot…), not in words.</source>
        <translation>Тип, статус, температура, пол и тип поведения так, как их хранит база (person, active, hot…), а не словами.</translation>
    </message>
</context>
<context>
    <name>GroupBox</name>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="233" />
        <source>All of these (AND)</source>
        <translation>Все условия (И)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="234" />
        <source>Any of these (OR)</source>
        <translation>Любое из условий (ИЛИ)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="235" />
        <source>not</source>
        <translation>не</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="236" />
        <source>+ Condition</source>
        <translation>+ Условие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="237" />
        <source>+ Group</source>
        <translation>+ Группа</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="245" />
        <source>Remove this group</source>
        <translation>Убрать группу</translation>
    </message>
</context>
<context>
    <name>SegmentBuilder</name>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="1" />
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="493" />
        <source>Segments</source>
        <translation>Сегменты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="327" />
        <source>Segments — Clientbook</source>
        <translation>Сегменты — Clientbook</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="343" />
        <source>New</source>
        <translation>Новый</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="344" />
        <source>Duplicate</source>
        <translation>Копия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="345" />
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="346" />
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="349" />
        <source>Saved segments</source>
        <translation>Сохранённые сегменты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="361" />
        <source>Segment name</source>
        <translation>Название сегмента</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="369" />
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="370" />
        <source>Show clients</source>
        <translation>Показать клиентов</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="371" />
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/segment_builder.py" line="421" />
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n клиент</numerusform>
            <numerusform>%n клиента</numerusform>
            <numerusform>%n клиентов</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="429" />
        <source>(conditions without a value are not counted yet)</source>
        <translation>(условия без значения пока не учитываются)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="529" />
        <source>Rename segment</source>
        <translation>Переименовать сегмент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="529" />
        <source>New name:</source>
        <translation>Новое название:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="547" />
        <source>Delete segment</source>
        <translation>Удаление сегмента</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="548" />
        <source>Delete the segment “%1”? The clients stay.</source>
        <translation>Удалить сегмент «%1»? Клиенты останутся.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="334" />
        <source>No saved segments yet: build one on the right and press Save.</source>
        <translation>Сохранённых сегментов пока нет: задайте условия справа и нажмите «Сохранить».</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="341" />
        <source>Built-in: open it to see its conditions or to start your own from it.</source>
        <translation>Встроенный: откройте, чтобы увидеть условия или начать с него свой.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="357" />
        <source>Built-in segments</source>
        <translation>Встроенные сегменты</translation>
    </message>
</context>
<context>
    <name>SegmentKinds</name>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="256" />
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="257" />
        <source>Custom field</source>
        <translation>Своё поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="258" />
        <source>Tags</source>
        <translation>Метки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="260" />
        <source>Purchases</source>
        <translation>Покупки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="261" />
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="262" />
        <source>Consent</source>
        <translation>Согласие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="263" />
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="265" />
        <source>RFM class</source>
        <translation>Класс RFM</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="266" />
        <source>Top buyers by revenue</source>
        <translation>Лучшие покупатели по выручке</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="268" />
        <source>In segment</source>
        <translation>Входит в сегмент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="269" />
        <source>To be erased</source>
        <translation>К уничтожению</translation>
    </message>
</context>
<context>
    <name>SegmentOps</name>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="113" />
        <source>is</source>
        <translation>равно</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="114" />
        <source>is not</source>
        <translation>не равно</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="115" />
        <source>contains</source>
        <translation>содержит</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="116" />
        <source>does not contain</source>
        <translation>не содержит</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="117" />
        <source>is empty</source>
        <translation>пусто</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="118" />
        <source>is not empty</source>
        <translation>заполнено</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="119" />
        <source>is one of (a; b)</source>
        <translation>одно из (а; б)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="120" />
        <source>&gt;</source>
        <translation>&gt;</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="121" />
        <source>≥</source>
        <translation>≥</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="122" />
        <source>&lt;</source>
        <translation>&lt;</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="123" />
        <source>≤</source>
        <translation>≤</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="124" />
        <source>between (a; b)</source>
        <translation>между (а; б)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="125" />
        <source>before</source>
        <translation>до</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="126" />
        <source>after</source>
        <translation>после</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="127" />
        <source>within the last N days</source>
        <translation>за последние N дней</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="128" />
        <source>within the next N days</source>
        <translation>в ближайшие N дней</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="129" />
        <source>more than N days ago</source>
        <translation>более N дней назад</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="130" />
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="131" />
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="132" />
        <source>any of</source>
        <translation>любая из</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="133" />
        <source>all of</source>
        <translation>все из</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="134" />
        <source>none of</source>
        <translation>ни одной из</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="135" />
        <source>within N days</source>
        <translation>в ближайшие N дней</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="136" />
        <source>in month (1–12)</source>
        <translation>в месяце (1–12)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="139" />
        <source>granted</source>
        <translation>дано</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="140" />
        <source>withdrawn</source>
        <translation>отозвано</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="141" />
        <source>none</source>
        <translation>нет событий</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="142" />
        <source>not granted</source>
        <translation>не дано</translation>
    </message>
</context>
<context>
    <name>SegmentSubjects</name>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="161" />
        <source>Name</source>
        <translation>Имя / название</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="162" />
        <source>Last name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="163" />
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="164" />
        <source>Middle name</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="165" />
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="166" />
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="167" />
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="168" />
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="169" />
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="170" />
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="171" />
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="172" />
        <source>Family status</source>
        <translation>Семейное положение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="173" />
        <source>Family note</source>
        <translation>Семья, дети</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="174" />
        <source>Interests</source>
        <translation>Интересы</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="175" />
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="176" />
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="177" />
        <source>Created by</source>
        <translation>Кем создан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="178" />
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="179" />
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="180" />
        <source>Temperature</source>
        <translation>Температура</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="181" />
        <source>Behaviour</source>
        <translation>Тип поведения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="182" />
        <source>Gender</source>
        <translation>Пол</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="183" />
        <source>Year of birth</source>
        <translation>Год рождения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="184" />
        <source>Next contact</source>
        <translation>Следующий контакт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="185" />
        <source>Created</source>
        <translation>Создан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="186" />
        <source>Changed</source>
        <translation>Изменён</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="187" />
        <source>Debtor</source>
        <translation>Должник</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="188" />
        <source>Archived</source>
        <translation>В архиве</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="189" />
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="190" />
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="198" />
        <source>total, ₽</source>
        <translation>сумма, ₽</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="199" />
        <source>number</source>
        <translation>количество</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="200" />
        <source>average, ₽</source>
        <translation>средняя, ₽</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="201" />
        <source>first date</source>
        <translation>первая дата</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="202" />
        <source>last date</source>
        <translation>последняя дата</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="203" />
        <source>overdue unpaid</source>
        <translation>просрочено неоплаченных</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="206" />
        <source>last contact</source>
        <translation>последний контакт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="207" />
        <source>number of contacts</source>
        <translation>число контактов</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="210" />
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="211" />
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="212" />
        <source>phone calls</source>
        <translation>звонки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="213" />
        <source>messenger</source>
        <translation>мессенджер</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="214" />
        <source>post</source>
        <translation>почта</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="215" />
        <source>data processing</source>
        <translation>обработка данных</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="218" />
        <source>champions</source>
        <translation>чемпионы</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="219" />
        <source>loyal</source>
        <translation>лояльные</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="220" />
        <source>potential</source>
        <translation>перспективные</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="221" />
        <source>need attention</source>
        <translation>требуют внимания</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="222" />
        <source>at risk</source>
        <translation>под угрозой ухода</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="223" />
        <source>hibernating</source>
        <translation>спящие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="224" />
        <source>lost</source>
        <translation>потерянные</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="259" />
        <source>tags</source>
        <translation>метки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="264" />
        <source>birthday</source>
        <translation>день рождения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="267" />
        <source>share of buyers, %</source>
        <translation>доля покупателей, %</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/core/segment_types.py" line="270" />
        <source>open erase task</source>
        <translation>открытая задача уничтожения</translation>
    </message>
</context>
</TS>