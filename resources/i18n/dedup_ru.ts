<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>DuplicatesPage</name>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="281" />
        <source>Find duplicates</source>
        <translation>Найти дубликаты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="282" />
        <source>Minimum score:</source>
        <translation>Минимальная оценка:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="283" />
        <source>Cards</source>
        <translation>Карточки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="283" />
        <source>Score</source>
        <translation>Оценка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="283" />
        <source>Why</source>
        <translation>Почему</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="284" />
        <source>Merge…</source>
        <translation>Объединить…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="285" />
        <source>Not duplicates</source>
        <translation>Не дубликаты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="286" />
        <source>Undo last merge</source>
        <translation>Отменить последнее объединение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="305" />
        <source>Looking for duplicates…</source>
        <translation>Поиск дубликатов…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="307" />
        <source>The scan was cancelled.</source>
        <translation>Поиск прерван.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="310" />
        <location filename="../../src/clientbook/ui/dedup_review.py" line="388" />
        <source>Duplicates</source>
        <translation>Дубликаты</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/dedup_review.py" line="321" />
        <source>%n cards</source>
        <translation><numerusform>%n карточка</numerusform><numerusform>%n карточки</numerusform><numerusform>%n карточек</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/dedup_review.py" line="336" />
        <source>Groups found: %n</source>
        <translation><numerusform>Найдена %n группа</numerusform><numerusform>Найдено %n группы</numerusform><numerusform>Найдено %n групп</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="337" />
        <source>No duplicates found.</source>
        <translation>Дубликаты не найдены.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="376" />
        <source>Merged. You can undo it.</source>
        <translation>Объединено. Это можно отменить.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="400" />
        <source>Undoing the merge…</source>
        <translation>Отмена объединения…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="404" />
        <source>The merge was not undone</source>
        <translation>Объединение не отменено</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="407" />
        <source>The merge was undone.</source>
        <translation>Объединение отменено.</translation>
    </message>
    <message>
        <source>Duplicates — Clientbook</source>
        <translation>Дубликаты — Clientbook</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="49" />
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="50" />
        <source>Last name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="51" />
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="52" />
        <source>Middle name</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="53" />
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="54" />
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="55" />
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="56" />
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="57" />
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="58" />
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="59" />
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="60" />
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="61" />
        <source>Gender</source>
        <translation>Пол</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="62" />
        <source>Family status</source>
        <translation>Семейное положение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="63" />
        <source>Family</source>
        <translation>Семья</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="64" />
        <source>Interests</source>
        <translation>Интересы</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="65" />
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="66" />
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="67" />
        <source>Temperature</source>
        <translation>Температура</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="68" />
        <source>Behaviour</source>
        <translation>Тип поведения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="69" />
        <source>Debtor</source>
        <translation>Должник</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="70" />
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="71" />
        <source>Next contact</source>
        <translation>Следующий контакт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="89" />
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="89" />
        <source>No</source>
        <translation>Нет</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="152" />
        <source>Merge cards</source>
        <translation>Объединение карточек</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="153" />
        <source>Keep card:</source>
        <translation>Оставить карточку:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="154" />
        <source>Merge</source>
        <translation>Объединить</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="156" />
        <source>Phones, e-mails, tags, contact persons, history, purchases, reminders and consents of all cards are kept on the merged card. The merge can be undone.</source>
        <translation>Телефоны, e-mail, метки, контактные лица, история, покупки, напоминания и согласия всех карточек сохраняются в объединённой карточке. Объединение можно отменить.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="180" />
        <source> — kept</source>
        <translation> — остаётся</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="181" />
        <source>All, joined</source>
        <translation>Всё вместе</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="193" />
        <source>all texts</source>
        <translation>все тексты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="217" />
        <source>Merging…</source>
        <translation>Объединение…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/dedup_review.py" line="221" />
        <source>Cards were not merged</source>
        <translation>Карточки не объединены</translation>
    </message>
</context>
<context>
    <name>QualityPage</name>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="1" />
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="1" />
        <source>The report could not be read: %1</source>
        <translation>Отчёт не удалось прочитать: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="102" />
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="103" />
        <source>Card is stale after, months:</source>
        <translation>Карточка устарела через, мес.:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="104" />
        <source>Completeness</source>
        <translation>Заполненность</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="105" />
        <source>Problems</source>
        <translation>Проблемы</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="106" />
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="106" />
        <source>Filled</source>
        <translation>Заполнено</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="106" />
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="107" />
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="107" />
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="107" />
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="108" />
        <source>Normalize phones and e-mails</source>
        <translation>Нормализовать телефоны и e-mail</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="109" />
        <source>Undo normalization</source>
        <translation>Отменить нормализацию</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="133" />
        <source>Clients: %1 · invalid phones: %2 · invalid e-mails: %3 · not updated for %4 months: %5 · without mailing consent: %6</source>
        <translation>Клиентов: %1 · неверных телефонов: %2 · неверных e-mail: %3 · не обновлялись %4 мес.: %5 · без согласия на рассылку: %6</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="144" />
        <source>Invalid phone</source>
        <translation>Неверный телефон</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="145" />
        <source>Invalid e-mail</source>
        <translation>Неверный e-mail</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="146" />
        <location filename="../../src/clientbook/ui/quality_page.py" line="149" />
        <source>Not updated</source>
        <translation>Не обновлялась</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="166" />
        <source>Normalizing…</source>
        <translation>Нормализация…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="170" />
        <location filename="../../src/clientbook/ui/quality_page.py" line="191" />
        <source>Nothing was changed</source>
        <translation>Ничего не изменено</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="177" />
        <source>Normalization finished</source>
        <translation>Нормализация завершена</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="178" />
        <source>Phones fixed: %1, e-mails fixed: %2. Still invalid: %3 phones, %4 e-mails.</source>
        <translation>Исправлено телефонов: %1, e-mail: %2. Остались неверными: телефонов %3, e-mail %4.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/quality_page.py" line="187" />
        <source>Undoing…</source>
        <translation>Отмена…</translation>
    </message>
    <message>
        <source>Data quality — Clientbook</source>
        <translation>Качество данных — Clientbook</translation>
    </message>
</context>
</TS>