<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru_RU">
<context>
    <name />
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="127" />
        <source>tags</source>
        <translation>метки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="129" />
        <source>total, ₽</source>
        <translation>сумма, ₽</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="129" />
        <source>number</source>
        <translation>количество</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="129" />
        <source>average, ₽</source>
        <translation>средняя, ₽</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="130" />
        <source>first date</source>
        <translation>первая дата</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="130" />
        <source>last date</source>
        <translation>последняя дата</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="131" />
        <source>overdue unpaid</source>
        <translation>просрочено неоплаченных</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="133" />
        <source>last contact</source>
        <translation>последний контакт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="133" />
        <source>number of contacts</source>
        <translation>число контактов</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="137" />
        <source>birthday</source>
        <translation>день рождения</translation>
    </message>
</context>
<context>
    <name>ConditionRow</name>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="93" />
        <source>not</source>
        <translation>не</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="95" />
        <source>Remove this condition</source>
        <translation>Убрать условие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="101" />
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="101" />
        <source>Custom field</source>
        <translation>Своё поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="101" />
        <source>Tags</source>
        <translation>Метки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="102" />
        <source>Purchases</source>
        <translation>Покупки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="102" />
        <source>Contacts</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="103" />
        <source>Consent</source>
        <translation>Согласие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="103" />
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="103" />
        <source>RFM class</source>
        <translation>Класс RFM</translation>
    </message>
<message><source>Name</source><translation>Имя / название</translation></message><message><source>Last name</source><translation>Фамилия</translation></message><message><source>First name</source><translation>Имя</translation></message><message><source>Middle name</source><translation>Отчество</translation></message><message><source>Company</source><translation>Компания</translation></message><message><source>INN</source><translation>ИНН</translation></message><message><source>Position</source><translation>Должность</translation></message><message><source>Address</source><translation>Адрес</translation></message><message><source>City</source><translation>Город</translation></message><message><source>Region</source><translation>Регион</translation></message><message><source>Country</source><translation>Страна</translation></message><message><source>Family status</source><translation>Семейное положение</translation></message><message><source>Family note</source><translation>Семья, дети</translation></message><message><source>Interests</source><translation>Интересы</translation></message><message><source>Source</source><translation>Источник</translation></message><message><source>Notes</source><translation>Заметки</translation></message><message><source>Created by</source><translation>Кем создан</translation></message><message><source>Kind</source><translation>Тип</translation></message><message><source>Status</source><translation>Статус</translation></message><message><source>Temperature</source><translation>Температура</translation></message><message><source>Behaviour</source><translation>Тип поведения</translation></message><message><source>Gender</source><translation>Пол</translation></message><message><source>Year of birth</source><translation>Год рождения</translation></message><message><source>Next contact</source><translation>Следующий контакт</translation></message><message><source>Created</source><translation>Создан</translation></message><message><source>Changed</source><translation>Изменён</translation></message><message><source>Debtor</source><translation>Должник</translation></message><message><source>Archived</source><translation>В архиве</translation></message><message><source>Phone</source><translation>Телефон</translation></message><message><source>E-mail</source><translation>Эл. почта</translation></message><message><source>is</source><translation>равно</translation></message><message><source>is not</source><translation>не равно</translation></message><message><source>contains</source><translation>содержит</translation></message><message><source>does not contain</source><translation>не содержит</translation></message><message><source>is empty</source><translation>пусто</translation></message><message><source>is not empty</source><translation>заполнено</translation></message><message><source>is one of (a; b)</source><translation>одно из (а; б)</translation></message><message><source>&gt;</source><translation>&gt;</translation></message><message><source>≥</source><translation>≥</translation></message><message><source>&lt;</source><translation>&lt;</translation></message><message><source>≤</source><translation>≤</translation></message><message><source>between (a; b)</source><translation>между (а; б)</translation></message><message><source>before</source><translation>до</translation></message><message><source>after</source><translation>после</translation></message><message><source>within the last N days</source><translation>за последние N дней</translation></message><message><source>within the next N days</source><translation>в ближайшие N дней</translation></message><message><source>more than N days ago</source><translation>более N дней назад</translation></message><message><source>yes</source><translation>да</translation></message><message><source>no</source><translation>нет</translation></message><message><source>any of</source><translation>любая из</translation></message><message><source>all of</source><translation>все из</translation></message><message><source>none of</source><translation>ни одной из</translation></message><message><source>within N days</source><translation>в ближайшие N дней</translation></message><message><source>in month (1–12)</source><translation>в месяце (1–12)</translation></message><message><source>granted</source><translation>дано</translation></message><message><source>withdrawn</source><translation>отозвано</translation></message><message><source>not granted</source><translation>не дано</translation></message>    <message>
        <source>Top buyers by revenue</source>
        <translation>Лучшие покупатели по выручке</translation>
    </message>
    <message>
        <source>In segment</source>
        <translation>Входит в сегмент</translation>
    </message>
    <message>
        <source>share of buyers, %</source>
        <translation>доля покупателей, %</translation>
    </message>
    <message>
        <source>the first</source>
        <translation>первые</translation>
    </message>
    <message>
        <source>e.g. 20</source>
        <translation>например, 20</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="38" />
        <source>Dashboard</source>
        <translation>Панель показателей</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="51" />
        <source>hot</source>
        <translation>горячие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="51" />
        <source>warm</source>
        <translation>тёплые</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="51" />
        <source>cold</source>
        <translation>холодные</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="51" />
        <source>not set</source>
        <translation>не задана</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="52" />
        <source>lead</source>
        <translation>потенциальный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="52" />
        <source>active</source>
        <translation>активный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="52" />
        <source>former</source>
        <translation>бывший</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="53" />
        <source>problem</source>
        <translation>проблемный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="70" />
        <source>Clients by status</source>
        <translation>Клиенты по статусу</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="72" />
        <source>New clients by month</source>
        <translation>Новые клиенты по месяцам</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="73" />
        <source>Revenue by month, ₽</source>
        <translation>Выручка по месяцам, ₽</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="91" />
        <source>Clients by temperature</source>
        <translation>Клиенты по температуре</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="125" />
        <source>share of revenue</source>
        <translation>доля выручки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="131" />
        <source>Revenue Pareto: % of buyers → % of revenue</source>
        <translation>Парето выручки: % покупателей → % выручки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="134" />
        <source>% of buyers</source>
        <translation>% покупателей</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="135" />
        <source>% of revenue</source>
        <translation>% выручки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dashboard.py" line="153" />
        <source>RFM: recency (rows, 5 = recent) × frequency (columns)</source>
        <translation>RFM: давность (строки, 5 = недавно) × частота (столбцы)</translation>
    </message>
    <message>
        <source>Dashboard — Clientbook</source>
        <translation>Сводка — Clientbook</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Период:</translation>
    </message>
    <message>
        <source>3 months</source>
        <translation>3 месяца</translation>
    </message>
    <message>
        <source>6 months</source>
        <translation>6 месяцев</translation>
    </message>
    <message>
        <source>12 months</source>
        <translation>12 месяцев</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Этот год</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Всё время</translation>
    </message>
    <message>
        <source>Reading the figures…</source>
        <translation>Считаю показатели…</translation>
    </message>
    <message>
        <source>The figures could not be read: %1</source>
        <translation>Не удалось прочитать показатели: %1</translation>
    </message>
    <message>
        <source>New clients</source>
        <translation>Новые клиенты</translation>
    </message>
    <message>
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
        <location filename="../../src/clientbook/ui/export_dialog.py" line="1" />
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="1" />
        <source>The preview could not be read: %1</source>
        <translation>Не удалось подсчитать строки: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="50" />
        <location filename="../../src/clientbook/ui/export_dialog.py" line="91" />
        <location filename="../../src/clientbook/ui/export_dialog.py" line="202" />
        <location filename="../../src/clientbook/ui/export_dialog.py" line="205" />
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="52" />
        <source>Excel workbook (.xlsx)</source>
        <translation>Книга Excel (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="52" />
        <source>Text, comma-separated (.csv)</source>
        <translation>Текст с разделителями (.csv)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="53" />
        <source>Contacts (vCard .vcf)</source>
        <translation>Контакты (vCard .vcf)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="56" />
        <source>Full card</source>
        <translation>Вся карточка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="56" />
        <source>E-mail mailing</source>
        <translation>Рассылка по эл. почте</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="57" />
        <source>SMS mailing</source>
        <translation>SMS-рассылка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="60" />
        <source>No (everyone in the list)</source>
        <translation>Нет (все из списка)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="60" />
        <source>E-mail: only with consent</source>
        <translation>Эл. почта: только с согласием</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="61" />
        <source>SMS: only with consent</source>
        <translation>SMS: только с согласием</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="63" />
        <source>One row per address</source>
        <translation>Строка на каждый адрес</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="68" />
        <source>semicolon ;</source>
        <translation>точка с запятой ;</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="68" />
        <source>comma ,</source>
        <translation>запятая ,</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="68" />
        <source>tab</source>
        <translation>табуляция</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="70" />
        <source>Also export recipients without consent (needs confirmation)</source>
        <translation>Выгрузить и получателей без согласия (нужно подтверждение)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="73" />
        <source>Show excluded…</source>
        <translation>Показать исключённых…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="77" />
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="82" />
        <source>Format:</source>
        <translation>Формат:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="83" />
        <source>Columns:</source>
        <translation>Столбцы:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="84" />
        <source>Mailing:</source>
        <translation>Рассылка:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="86" />
        <source>Encoding:</source>
        <translation>Кодировка:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="87" />
        <source>Delimiter:</source>
        <translation>Разделитель:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="89" />
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="134" />
        <source>Export without consent</source>
        <translation>Экспорт без согласия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="135" />
        <source>Recipients who never consented or withdrew their consent will be exported too. This may break the law on personal data (152-ФЗ, GDPR) and is recorded in the change history. Continue?</source>
        <translation>Будут выгружены и те, кто не давал согласия или отозвал его. Это может нарушать закон о персональных данных (152-ФЗ, GDPR) и будет записано в историю изменений. Продолжить?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/export_dialog.py" line="162" />
        <source>%n row(s) will be exported.</source>
        <translation><numerusform>Будет выгружена %n строка.</numerusform><numerusform>Будет выгружено %n строки.</numerusform><numerusform>Будет выгружено %n строк.</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="166" />
        <source>Excluded: %1.</source>
        <translation>Исключено: %1.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="181" />
        <source>Export to</source>
        <translation>Экспорт в файл</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/export_dialog.py" line="196" />
        <source>Exporting…</source>
        <translation>Экспорт…</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n client(s)</source>
        <translation><numerusform>%1 — %n клиент</numerusform><numerusform>%1 — %n клиента</numerusform><numerusform>%1 — %n клиентов</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Export %n row(s) (%1) to “%2”?</source>
        <translation><numerusform>Выгрузить %n строку (%1) в «%2»?</numerusform><numerusform>Выгрузить %n строки (%1) в «%2»?</numerusform><numerusform>Выгрузить %n строк (%1) в «%2»?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written to “%1”.</source>
        <translation><numerusform>%n строка записана в «%1».</numerusform><numerusform>%n строки записаны в «%1».</numerusform><numerusform>%n строк записано в «%1».</numerusform></translation>
    </message>
    <message>
        <source>Export — Clientbook</source>
        <translation>Экспорт — Clientbook</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>Экспорт завершён</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Открыть папку</translation>
    </message>
    <message>
        <source>Stored codes instead of words (for re-importing the file)</source>
        <translation>Коды вместо слов (для повторного импорта файла)</translation>
    </message>
    <message>
        <source>Kind, status, temperature, gender and behaviour as the base stores them (person, active, hot…), not in words.</source>
        <translation>Тип, статус, температура, пол и тип поведения так, как их хранит база (person, active, hot…), а не словами.</translation>
    </message>
</context>
<context>
    <name>GroupBox</name>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="236" />
        <source>All of these (AND)</source>
        <translation>Все условия (И)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="237" />
        <source>Any of these (OR)</source>
        <translation>Любое из условий (ИЛИ)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="238" />
        <source>not</source>
        <translation>не</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="239" />
        <source>+ Condition</source>
        <translation>+ Условие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="240" />
        <source>+ Group</source>
        <translation>+ Группа</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="247" />
        <source>Remove this group</source>
        <translation>Убрать группу</translation>
    </message>
</context>
<context>
    <name>SegmentBuilder</name>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="326" />
        <location filename="../../src/clientbook/ui/segment_builder.py" line="455" />
        <source>Segments</source>
        <translation>Сегменты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="367" />
        <source>Segments — Clientbook</source>
        <translation>Сегменты — Clientbook</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="331" />
        <source>New</source>
        <translation>Новый</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="332" />
        <source>Duplicate</source>
        <translation>Копия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="333" />
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="334" />
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="337" />
        <source>Saved segments</source>
        <translation>Сохранённые сегменты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="345" />
        <source>Segment name</source>
        <translation>Название сегмента</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="352" />
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="353" />
        <source>Show clients</source>
        <translation>Показать клиентов</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="354" />
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/segment_builder.py" line="401" />
        <source>%n client(s)</source>
        <translation><numerusform>%n клиент</numerusform><numerusform>%n клиента</numerusform><numerusform>%n клиентов</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="409" />
        <source>(conditions without a value are not counted yet)</source>
        <translation>(условия без значения пока не учитываются)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="491" />
        <source>Rename segment</source>
        <translation>Переименовать сегмент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="491" />
        <source>New name:</source>
        <translation>Новое название:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="509" />
        <source>Delete segment</source>
        <translation>Удаление сегмента</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/segment_builder.py" line="510" />
        <source>Delete the segment “%1”? The clients stay.</source>
        <translation>Удалить сегмент «%1»? Клиенты останутся.</translation>
    </message>
    <message>
        <source>No saved segments yet: build one on the right and press Save.</source>
        <translation>Сохранённых сегментов пока нет: задайте условия справа и нажмите «Сохранить».</translation>
    </message>
    <message>
        <source>Built-in: open it to see its conditions or to start your own from it.</source>
        <translation>Встроенный: откройте, чтобы увидеть условия или начать с него свой.</translation>
    </message>
    <message>
        <source>Built-in segments</source>
        <translation>Встроенные сегменты</translation>
    </message>
</context>
</TS>