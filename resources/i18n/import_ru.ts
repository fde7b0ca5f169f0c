<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>DuplicatesPage</name>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="341"/>
        <source>Duplicates</source>
        <translation>Дубликаты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="426"/>
        <source>nobody: a card of its own</source>
        <translation>ни с кем: отдельная карточка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="446"/>
        <source>%1 rows share a phone, e-mail or code with another person: each becomes a card of its own, and the pairs are put into the duplicates review.</source>
        <translation>Строк с телефоном, e-mail или кодом другого человека: %1. Каждая станет отдельной карточкой, а пары попадут в проверку дубликатов.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="347"/>
        <source>Add to the existing card: fill its empty fields, add new phones and e-mails</source>
        <translation>Дополнить существующую карточку: заполнить пустые поля, добавить новые телефоны и e-mail</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="348"/>
        <source>Update the existing card: the file&apos;s values replace the card&apos;s</source>
        <translation>Обновить существующую карточку: значения из файла заменят значения в карточке</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="349"/>
        <source>Skip the row: leave the existing card as it is</source>
        <translation>Пропустить строку: оставить карточку как есть</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="350"/>
        <source>Create a new card anyway (duplicates can be merged later)</source>
        <translation>Всё равно создать новую карточку (дубликаты можно объединить позже)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="353"/>
        <source>When a row matches an existing client:</source>
        <translation>Если строка совпадает с клиентом, который уже есть в базе:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="360"/>
        <source>Also treat the same name and city as the same client</source>
        <translation>Считать одним клиентом также совпадение имени и города</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="387"/>
        <source>Each purchase is linked to the client with the same client code, phone, e-mail or name. A purchase already in the base is skipped.</source>
        <translation>Каждая покупка привязывается к клиенту с тем же кодом клиента, телефоном, e-mail или именем. Покупка, которая уже есть в базе, пропускается.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="365"/>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="361"/>
        <source>Create a card for a client who is not in the base yet</source>
        <translation>Создать карточку для клиента, которого ещё нет в базе</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="365"/>
        <source>In the file</source>
        <translation>В файле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="365"/>
        <source>Matches</source>
        <translation>Совпадает с</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="366"/>
        <source>Why</source>
        <translation>Почему</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="389"/>
        <source>Each entry is linked to the client with the same client code, phone, e-mail or name. An entry already in the base (same client, time, kind and text) is skipped.</source>
        <translation>Каждая запись привязывается к клиенту с тем же кодом, телефоном, e-mail или именем. Запись, которая уже есть в базе (тот же клиент, время, тип и текст), пропускается.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="424"/>
        <source>an earlier row of this file</source>
        <translation>строкой выше в этом файле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="435"/>
        <source>No row matches a client in the base or an earlier row of the file.</source>
        <translation>Ни одна строка не совпадает с клиентом из базы или с другой строкой файла.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="437"/>
        <source>%1 rows match clients already in the base; %2 rows repeat an earlier row of this file (they are joined into one card).</source>
        <translation>Совпадают с клиентами из базы: %1; повторяют строку выше в этом файле: %2 (такие строки объединяются в одну карточку).</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="441"/>
        <source>%1 purchases are already in the base.</source>
        <translation>Покупок, которые уже есть в базе: %1.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="443"/>
        <source>%1 history entries are already in the base.</source>
        <translation>Записей истории уже в базе: %1.</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="114"/>
        <location filename="../../src/clientbook/ui/import_pages.py" line="164"/>
        <source>Choose the file to import</source>
        <translation>Выберите файл для импорта</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="115"/>
        <source>Excel (.xlsx, .xlsm, .xls, .xlsb), OpenDocument (.ods) or text (.csv, .txt). You can also drop a file onto the main window.</source>
        <translation>Excel (.xlsx, .xlsm, .xls, .xlsb), OpenDocument (.ods) или текст (.csv, .txt). Файл можно также перетащить в главное окно.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="119"/>
        <source>Path to the file</source>
        <translation>Путь к файлу</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="120"/>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="125"/>
        <source>The file holds:</source>
        <translation>В файле:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="126"/>
        <source>Clients (one row per client)</source>
        <translation>Клиенты (одна строка — один клиент)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="127"/>
        <source>Purchases or orders (client, date, amount)</source>
        <translation>Покупки или заказы (клиент, дата, сумма)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="128"/>
        <source>History (contacts, visits)</source>
        <translation>История (контакты, визиты)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="129"/>
        <source>Calls, visits, letters, complaints, surveys: client, date and time, kind, subject or text</source>
        <translation>Звонки, визиты, письма, жалобы, опросы: клиент, дата и время, тип, тема или текст</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="165"/>
        <source>Spreadsheets (%1);;All files (*)</source>
        <translation>Таблицы (%1);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="186"/>
        <source>Press Next to choose the header row or to go on without one.</source>
        <translation>Нажмите «Далее», чтобы указать строку заголовков или продолжить без неё.</translation>
    </message>
</context>
<context>
    <name>HeaderPage</name>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="267"/>
        <source>Find the row with the column names</source>
        <translation>Строка с названиями столбцов</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="270"/>
        <source>Text encoding:</source>
        <translation>Кодировка текста:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="272"/>
        <source>If the names in the table below look like gibberish (Ôàìèëèÿ, ����), choose the encoding the file was saved in.</source>
        <translation>Если имена в таблице ниже выглядят как абракадабра (Ôàìèëèÿ, ����), выберите кодировку, в которой сохранён файл.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="280"/>
        <source>The column names are in row</source>
        <translation>Названия столбцов в строке</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="283"/>
        <source>There is no header row: name the columns A, B, C…</source>
        <translation>Строки заголовков нет: назвать столбцы A, B, C…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="291"/>
        <source>Click a row in the table to use it as the header.</source>
        <translation>Щёлкните строку в таблице, чтобы сделать её заголовком.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="315"/>
        <source>Automatic (detected: %1)</source>
        <translation>Автоматически (найдена: %1)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="316"/>
        <source>Automatic (the file&apos;s own)</source>
        <translation>Автоматически (указана в файле)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="355"/>
        <source>No row with column names was found. Point at it below, or import without a header.</source>
        <translation>Строка с названиями столбцов не найдена. Укажите её ниже или импортируйте без заголовка.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="358"/>
        <source>The column names were found in row %1. Rows above it are skipped as titles.</source>
        <translation>Названия столбцов найдены в строке %1. Строки выше пропускаются как заголовок таблицы.</translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="151"/>
        <source>male</source>
        <translation>мужской</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="152"/>
        <source>female</source>
        <translation>женский</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="155"/>
        <source>consent given</source>
        <translation>согласие дано</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="156"/>
        <source>consent withdrawn</source>
        <translation>согласие отозвано</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="171"/>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="172"/>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="182"/>
        <source>incoming</source>
        <translation>входящий</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="183"/>
        <source>outgoing</source>
        <translation>исходящий</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="197"/>
        <source>call</source>
        <translation>звонок</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="198"/>
        <source>meeting or visit</source>
        <translation>встреча или визит</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="199"/>
        <source>e-mail</source>
        <translation>письмо</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="200"/>
        <source>message</source>
        <translation>сообщение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="201"/>
        <source>note</source>
        <translation>заметка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="202"/>
        <source>offer</source>
        <translation>предложение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="203"/>
        <source>complaint</source>
        <translation>жалоба</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="204"/>
        <source>support request</source>
        <translation>обращение в поддержку</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="205"/>
        <source>feedback</source>
        <translation>отзыв</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="215"/>
        <source>notes</source>
        <translation>примечание</translation>
    </message>
</context>
<context>
    <name>ImportTotals</name>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="486"/>
        <source>Rows read:</source>
        <translation>Прочитано строк:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="487"/>
        <source>New cards:</source>
        <translation>Новых карточек:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="488"/>
        <source>Cards updated:</source>
        <translation>Обновлено карточек:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="489"/>
        <source>Rows skipped:</source>
        <translation>Пропущено строк:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="490"/>
        <source>Rows rejected:</source>
        <translation>Отклонено строк:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="491"/>
        <source>Purchases:</source>
        <translation>Покупок:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="492"/>
        <source>History entries:</source>
        <translation>Записей истории:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="493"/>
        <source>Rows with problems:</source>
        <translation>Строк с замечаниями:</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../src/clientbook/ui/import_wizard.py" line="245" />
        <source>An import is running</source>
        <translation>Идёт импорт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_wizard.py" line="246" />
        <source>The import of “%1” is still running. Lock now? The import is then cancelled and nothing of it is written; you can import the file again after unlocking.</source>
        <translation>Импорт «%1» ещё идёт. Заблокировать сейчас? Тогда импорт будет отменён и из него ничего не запишется; после разблокировки файл можно импортировать снова.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_wizard.py" line="108"/>
        <source>Import from a spreadsheet — Clientbook</source>
        <translation>Импорт из таблицы — Clientbook</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_wizard.py" line="161"/>
        <source>The file could not be read: an unexpected error (%1).</source>
        <translation>Не удалось прочитать файл: непредвиденная ошибка (%1).</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_wizard.py" line="169"/>
        <source>Reading the file…</source>
        <translation>Чтение файла…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_wizard.py" line="188"/>
        <source>Checking the whole file (nothing is written)…</source>
        <translation>Проверка всего файла (ничего не записывается)…</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="407"/>
        <source>Say where each column goes</source>
        <translation>Куда импортировать каждый столбец</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="429"/>
        <source>Also import each row as a purchase of its client&apos;s card</source>
        <translation>Импортировать также каждую строку как покупку в карточке её клиента</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="519"/>
        <source>This looks like an orders sheet: the client code in “%1” repeats (%2 rows for %3 clients at the start) and there are order columns (%4). Each client becomes one card.</source>
        <translation>Похоже на лист заказов: код клиента в столбце «%1» повторяется (%2 строк на %3 клиентов в начале файла), и есть столбцы заказа (%4). Каждый клиент станет одной карточкой.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="411"/>
        <source>Column in the file</source>
        <translation>Столбец файла</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="411"/>
        <source>Sample values</source>
        <translation>Примеры значений</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="412"/>
        <source>Import into</source>
        <translation>Импортировать в</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="445"/>
        <source>Do not import</source>
        <translation>Не импортировать</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="447"/>
        <source>Keep in the card&apos;s notes</source>
        <translation>Сохранить в примечании карточки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="451"/>
        <location filename="../../src/clientbook/ui/import_pages.py" line="550"/>
        <source>Custom field: %1</source>
        <translation>Своё поле: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="452"/>
        <source>New custom field…</source>
        <translation>Новое своё поле…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="468"/>
        <source>The columns are set up as you did the last time you imported a file with these columns. Check them and change what is wrong.</source>
        <translation>Столбцы настроены так же, как при прошлом импорте файла с такими столбцами. Проверьте и исправьте, если нужно.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="471"/>
        <source>Each column&apos;s field is suggested from its name and values. Several columns may go into one field (phones, e-mails, notes); a column you do not need can be left out.</source>
        <translation>Поле для каждого столбца предложено по его названию и значениям. Несколько столбцов можно направить в одно поле (телефоны, e-mail, примечание); ненужный столбец можно не импортировать.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="484"/>
        <source>(empty)</source>
        <translation>(пусто)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="540"/>
        <source>New custom field</source>
        <translation>Новое своё поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="540"/>
        <source>Name of the new field:</source>
        <translation>Название нового поля:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="611"/>
        <source>columns %1 all go into “%2”: only one value per row is kept</source>
        <translation>столбцы %1 направлены в одно поле «%2»: из каждой строки сохранится только одно значение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="625"/>
        <source>Choose the column with the client&apos;s name or company: without it every row would be rejected.</source>
        <translation>Укажите столбец с именем клиента или названием компании: без него все строки будут отклонены.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="630"/>
        <source>Choose the column with the date of the purchase.</source>
        <translation>Укажите столбец с датой покупки.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="631"/>
        <source>Choose the column with the date of the contact or visit.</source>
        <translation>Выберите столбец с датой контакта или визита.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="634"/>
        <source>Choose a column that tells the client: code, name, phone or e-mail.</source>
        <translation>Укажите столбец, по которому найти клиента: код, имя, телефон или e-mail.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="412"/>
        <source>Confidence</source>
        <translation>Уверенность</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="563"/>
        <source>your choice</source>
        <translation>ваш выбор</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="565"/>
        <source>high</source>
        <translation>высокая</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="565"/>
        <source>medium</source>
        <translation>средняя</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="565"/>
        <source>low</source>
        <translation>низкая</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="570"/>
        <source>the column&apos;s name</source>
        <translation>по названию столбца</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="570"/>
        <source>a name close to the column&apos;s</source>
        <translation>по похожему названию столбца</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="571"/>
        <source>a word inside the column&apos;s name</source>
        <translation>по слову в названии столбца</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="571"/>
        <source>its values are e-mails</source>
        <translation>по значениям: это e-mail</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="572"/>
        <source>its values are phone numbers</source>
        <translation>по значениям: это телефоны</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="572"/>
        <source>its values are dates</source>
        <translation>по значениям: это даты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="573"/>
        <source>its values are codes</source>
        <translation>по значениям: это коды</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="573"/>
        <source>its values are yes/no</source>
        <translation>по значениям: это «да/нет»</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="574"/>
        <source>its values are names of two or three words</source>
        <translation>по значениям: имена из двух-трёх слов</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="575"/>
        <source>its values are numbers</source>
        <translation>по значениям: это числа</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="577"/>
        <source>its values are codes of clients in the base</source>
        <translation>по значениям: это коды клиентов из базы</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="576"/>
        <source>its values are digits or codes, not names</source>
        <translation>в нём цифры или коды, а не имена</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="577"/>
        <source>not recognised: kept as is</source>
        <translation>не распознан: сохраняется как есть</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="578"/>
        <source>separate last and first name columns exist</source>
        <translation>есть отдельные столбцы фамилии и имени</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="578"/>
        <source>the column is empty</source>
        <translation>столбец пуст</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="579"/>
        <source>chosen by you</source>
        <translation>выбрано вами</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="227"/>
        <source>Check the values</source>
        <translation>Проверьте значения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="230"/>
        <source>Show only rows with problems</source>
        <translation>Только строки с замечаниями</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="231"/>
        <source>Dates like 03.04.2020 are:</source>
        <translation>Даты вида 03.04.2020 читать:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="233"/>
        <source>decided from each column</source>
        <translation>по значениям столбца</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="233"/>
        <source>day first (31.12.2020)</source>
        <translation>сначала день (31.12.2020)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="234"/>
        <source>month first (12/31/2020)</source>
        <translation>сначала месяц (12/31/2020)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="273"/>
        <source>Row check</source>
        <translation>Проверка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="282"/>
        <source>rejected</source>
        <translation>отклонена</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="286"/>
        <source>problems: %1</source>
        <translation>замечаний: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="289"/>
        <source>OK</source>
        <translation>в порядке</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="299"/>
        <source>In the file: %1</source>
        <translation>В файле: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="311"/>
        <source>The first %1 rows as they will be imported: %2 cells with problems (red; point at one to see why), %3 rows would be rejected. A value that cannot be read never stops its row: it is kept as written in the card&apos;s notes.</source>
        <translation>Первые строки (%1) так, как они будут импортированы. Ячеек с замечаниями: %2 (красные; наведите указатель, чтобы увидеть причину); будут отклонены строк: %3. Нераспознанное значение не мешает импорту строки: оно сохраняется как есть в примечании карточки.</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="545"/>
        <source>Importing</source>
        <translation>Импорт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="549"/>
        <source>Cancel import</source>
        <translation>Прервать импорт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="573"/>
        <source>Making a restore point and importing “%1”…</source>
        <translation>Создаётся точка восстановления, импортируется «%1»…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="590"/>
        <source>Cancelling… nothing will be written.</source>
        <translation>Отмена… ничего не будет записано.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="598"/>
        <source>Imported %1 of about %2 rows…</source>
        <translation>Импортировано строк: %1 из примерно %2…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="600"/>
        <source>All %1 rows are read; saving them in the vault…</source>
        <translation>Прочитаны все строки (%1); идёт сохранение в базу…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="625"/>
        <source>The import failed because of an unexpected error (%1); nothing was written.</source>
        <translation>Импорт не удался из-за непредвиденной ошибки (%1); ничего не записано.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="627"/>
        <source>The import did not happen.</source>
        <translation>Импорт не выполнен.</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="656"/>
        <source>Import finished</source>
        <translation>Импорт завершён</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="663"/>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="663"/>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="663"/>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="664"/>
        <source>Reasons</source>
        <translation>Причины</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="666"/>
        <source>Rows that need a look:</source>
        <translation>Строки, на которые стоит взглянуть:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="667"/>
        <source>Save report as .xlsx…</source>
        <translation>Сохранить отчёт в .xlsx…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="668"/>
        <location filename="../../src/clientbook/ui/import_review.py" line="743"/>
        <source>Undo this import</source>
        <translation>Отменить этот импорт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="688"/>
        <source>created</source>
        <translation>создана</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="688"/>
        <source>updated</source>
        <translation>обновлена</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="689"/>
        <source>joined with a row above</source>
        <translation>объединена со строкой выше</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="689"/>
        <source>skipped</source>
        <translation>пропущена</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="690"/>
        <source>rejected</source>
        <translation>отклонена</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="696"/>
        <source>“%1” was imported as import no. %2.</source>
        <translation>Файл «%1» импортирован, номер импорта %2.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="721"/>
        <source>import-report</source>
        <translation>отчёт-об-импорте</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="723"/>
        <source>Save the import report</source>
        <translation>Сохранить отчёт об импорте</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="724"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Книга Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="733"/>
        <source>The report could not be saved: %1</source>
        <translation>Не удалось сохранить отчёт: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="736"/>
        <source>The report was saved to %1.</source>
        <translation>Отчёт сохранён: %1.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="744"/>
        <source>Delete the cards this import created and put back the values it changed?</source>
        <translation>Удалить карточки, созданные этим импортом, и вернуть значения, которые он изменил?</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="749"/>
        <source>Undoing the import…</source>
        <translation>Отмена импорта…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="755"/>
        <source>The import was undone: %1 cards deleted, %2 cards restored.</source>
        <translation>Импорт отменён. Удалено карточек: %1, восстановлено карточек: %2.</translation>
    </message>
</context>
<context>
    <name>SheetPage</name>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="205"/>
        <source>Choose the sheet</source>
        <translation>Выберите лист</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="206"/>
        <source>The workbook has several sheets. The one that looks most like a list is suggested; its first rows are shown on the right.</source>
        <translation>В книге несколько листов. Предложен тот, что больше всего похож на список; справа показаны его первые строки.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="229"/>
        <source>%1 (suggested)</source>
        <translation>%1 (предложен)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_pages.py" line="232"/>
        <source>%1 (empty)</source>
        <translation>%1 (пустой)</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="509"/>
        <source>Ready to import</source>
        <translation>Всё готово к импорту</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="510"/>
        <source>Import</source>
        <translation>Импортировать</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="515"/>
        <source>Nothing has been written yet. A restore point is made before the import, and the whole import can be undone from its report.</source>
        <translation>Пока ничего не записано. Перед импортом создаётся точка восстановления, а весь импорт можно отменить из его отчёта.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="531"/>
        <source>File “%1”, sheet “%2”. If you import now:</source>
        <translation>Файл «%1», лист «%2». Если импортировать сейчас:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/import_review.py" line="535"/>
        <source>Nothing would be added or changed.</source>
        <translation>Ничего не будет добавлено или изменено.</translation>
    </message>
</context>
</TS>
