"""The importer's user-facing messages (ru/en), registered in the core catalogue."""

from __future__ import annotations

from clientbook.core.messages import register

register({
    "import_missing": {"ru": "Файл «{name}» не найден.", "en": "The file “{name}” does not exist."},
    "import_empty": {"ru": "Файл «{name}» пуст: в нём нет ни одной строки данных.",
                     "en": "The file “{name}” is empty: it has no rows of data."},
    "import_unsupported": {
        "ru": "Формат файла «{name}» не поддерживается. Подходят .xlsx, .xlsm, .xls, .xlsb, .ods, .csv, .txt.",
        "en": "The format of “{name}” is not supported. Use .xlsx, .xlsm, .xls, .xlsb, .ods, .csv or .txt."},
    "import_not_spreadsheet": {
        "ru": "Файл «{name}» не является таблицей (возможно, это файл другого типа с изменённым расширением).",
        "en": "The file “{name}” is not a spreadsheet (perhaps another kind of file renamed)."},
    "import_password": {
        "ru": "Книга «{name}» защищена паролем. Снимите защиту в Excel (Файл → Сведения → Защита книги) и повторите.",
        "en": "The workbook “{name}” is password-protected. Remove the password in Excel and try again."},
    "import_corrupt": {"ru": "Файл «{name}» повреждён и не может быть прочитан.",
                       "en": "The file “{name}” is damaged and cannot be read."},
    "import_zip_bomb": {
        "ru": "Файл «{name}» отклонён: после распаковки он слишком велик или сжат подозрительно сильно (zip-бомба). Ничего не импортировано.",
        "en": "The file “{name}” was refused: unpacked it is too large or suspiciously highly compressed (a zip bomb). Nothing was imported."},
    "import_xml_entities": {
        "ru": "Файл «{name}» отклонён: в его XML объявлены сущности (атака «billion laughs»). Ничего не импортировано.",
        "en": "The file “{name}” was refused: its XML declares entities (a “billion laughs” attack). Nothing was imported."},
    "import_line_too_long": {
        "ru": "Файл «{name}» не похож на таблицу: строка {line} длиннее {limit} КБ (нет переносов строк?). Ничего не импортировано.",
        "en": "The file “{name}” does not look like a table: line {line} is longer than {limit} KB (are the line breaks missing?). Nothing was imported."},
    "import_cell_too_big": {
        "ru": "В файле «{name}» ячейка в строке {line} длиннее {limit} КБ (возможно, не закрыта кавычка). Ничего не импортировано.",
        "en": "The file “{name}” has a cell longer than {limit} KB at line {line} (perhaps an unclosed quote). Nothing was imported."},
    "import_too_wide": {
        "ru": "В таблице «{name}» {columns} столбцов, а поддерживается не больше {limit}: проверьте разделитель и переносы строк. Ничего не импортировано.",
        "en": "The table in “{name}” has {columns} columns, more than the {limit} supported: check the delimiter and line breaks. Nothing was imported."},
    "import_undecodable": {
        "ru": "В ячейке есть байты, не являющиеся текстом в кодировке файла (показаны как «�»): «{value}».",
        "en": "The cell has bytes that are not text in the file's encoding (shown as “�”): “{value}”."},
    "import_nothing": {
        "ru": "Из файла «{name}» импортировать нечего: все строки ({rows}) отклонены, первая — строка {row}: {reason} Ничего не записано.",
        "en": "Nothing can be imported from “{name}”: all {rows} rows are rejected, the first is row {row}: {reason} Nothing was written."},
    "import_no_client_column": {
        "ru": "Ни один столбец не указывает клиента (код, ФИО, телефон, e-mail или ИНН), так что строки не к кому привязать. Подойти могут: {columns}. Сопоставьте один из них и повторите. Ничего не записано.",
        "en": "No column identifies the client (code, name, phone, e-mail or INN), so the rows cannot be linked to anyone. Columns that could: {columns}. Map one of them and try again. Nothing was written."},
    "import_report_path": {
        "ru": "Отчёт нельзя записать в «{name}» (нет такой папки, это папка или нет прав на запись). Ничего не импортировано.",
        "en": "The report cannot be written to “{name}” (no such folder, it is a folder, or it is not writable). Nothing was imported."},
    "import_saving": {"ru": "— все строки прочитаны, сохраняю их в базу…",
                      "en": "— every row is read; saving them in the vault…"},
    "import_report_failed": {
        "ru": "Импорт выполнен (номер {batch}), но отчёт записать не удалось: {detail}. Не импортируйте файл повторно; отчёт можно получить позже.",
        "en": "The import succeeded (number {batch}), but the report could not be written: {detail}. Do not import the file again; the report can be written later."},
    "import_orders_hint": {
        "ru": "Похоже на лист заказов: код клиента «{column}» повторяется ({rows} строк на {clients} клиентов в начале файла), есть столбцы заказа ({columns}). Каждый клиент станет одной карточкой; чтобы строки стали его покупками, добавьте --rows-as-purchases.",
        "en": "This looks like an orders sheet: the client code “{column}” repeats ({rows} rows for {clients} clients at the start) and there are order columns ({columns}). Each client becomes one card; to import the rows as that card's purchases, add --rows-as-purchases."},
    "import_encoding_unknown": {"ru": "Кодировка «{encoding}» неизвестна (подходят, например, utf-8, cp1251, cp1252).",
                                "en": "The encoding “{encoding}” is unknown (e.g. utf-8, cp1251, cp1252 work)."},
    "import_no_sheet": {"ru": "В книге «{name}» нет листа «{sheet}».",
                        "en": "The workbook “{name}” has no sheet “{sheet}”."},
    "import_no_header": {
        "ru": "В таблице «{name}» не найдена строка заголовков. Укажите её номер или выберите «без заголовка».",
        "en": "No header row was found in “{name}”. Give its number or choose “no header”."},
    "import_no_columns": {
        "ru": "Ни один столбец не сопоставлен с полем клиента: импортировать нечего.",
        "en": "No column is mapped to a client field: there is nothing to import."},
    "import_mapping_invalid": {"ru": "Файл сопоставления столбцов «{name}» неверен: {detail}.",
                               "en": "The column mapping file “{name}” is not valid: {detail}."},
    "import_cancelled": {"ru": "Импорт отменён; база не изменена.",
                         "en": "The import was cancelled; the base was not changed."},
    "import_batch_unknown": {"ru": "Импорт №{batch} не найден.", "en": "Import #{batch} was not found."},
    "import_already_undone": {"ru": "Импорт №{batch} уже отменён.", "en": "Import #{batch} was already undone."},
    "import_date_ambiguous": {
        "ru": "Дата «{value}» неоднозначна: непонятно, где день, а где месяц.",
        "en": "The date “{value}” is ambiguous: the day and month cannot be told apart."},
    "import_value_unknown": {"ru": "Значение «{value}» не распознано.",
                             "en": "The value “{value}” was not recognized."},
    "import_no_name": {"ru": "В строке нет ни имени, ни названия компании.",
                       "en": "The row has neither a name nor a company name."},
    "import_no_client": {"ru": "Клиент «{value}» не найден в базе.",
                         "en": "The client “{value}” was not found in the base."},
    "import_row_no_client": {"ru": "В строке не указан клиент: его столбцы пусты.",
                             "en": "The row names no client: its client columns are empty."},
    "import_no_date": {"ru": "У покупки нет даты.", "en": "The purchase has no date."},
    "import_already_imported": {"ru": "Эта покупка уже есть в базе.",
                                "en": "This purchase is already in the base."},
    "import_no_history_date": {"ru": "У записи истории нет даты.", "en": "The history entry has no date."},
    "import_history_already_imported": {"ru": "Эта запись истории уже есть в базе.",
                                        "en": "This history entry is already in the base."},
    "review_match_phone": {
        "ru": "тот же телефон {value}, что у карточки «{name}» (№{card}), но имя другое: карточки не объединены, пара добавлена в проверку дубликатов",
        "en": "same phone {value} as card “{name}” (#{card}) but another name: not merged, the pair is in the duplicates review"},
    "review_match_email": {
        "ru": "тот же e-mail {value}, что у карточки «{name}» (№{card}), но имя другое: карточки не объединены, пара добавлена в проверку дубликатов",
        "en": "same e-mail {value} as card “{name}” (#{card}) but another name: not merged, the pair is in the duplicates review"},
    "review_same_code": {
        "ru": "тот же код клиента {value}, что у карточки «{name}» (№{card}) в базе, но имя другое: карточки не объединены, пара добавлена в проверку дубликатов",
        "en": "same client code {value} as card “{name}” (#{card}) in the base but another name: not merged, the pair is in the duplicates review"},
    "import_value_conflict": {
        "ru": "{field_ru}: в карточке «{kept}», в этой строке «{value}» — оставлено значение карточки, второе записано в примечание",
        "en": "{field_en}: the card has “{kept}”, this row “{value}”: the card's value kept, the other written to the notes"},
    "import_doubt_name_weak": {
        "ru": "Столбец «{header}» взят как «{field_ru}» лишь по догадке (уверенность {level_ru}, {percent} %): проверьте, что в нём имена.",
        "en": "Column “{header}” was taken as “{field_en}” on a weak guess (confidence {level_en}, {percent} %): check that it holds names."},
    "import_doubt_name_digits": {
        "ru": "Столбец «{header}» («{field_ru}») содержит цифры или коды (например, «{example}»): карточки были бы названы ими.",
        "en": "Column “{header}” (“{field_en}”) holds digits or codes (e.g. “{example}”): cards would be named by them."},
    "import_doubt_no_name": {
        "ru": "Ни один столбец не распознан как имя или название компании: все строки были бы отклонены. Укажите столбец имени.",
        "en": "No column was recognised as a name or a company name: every row would be rejected. Choose the name column."},
    "import_doubt_no_client": {
        "ru": "Ни один столбец не указывает клиента (код, ФИО, компания, телефон или e-mail). Подошли бы: {columns}.",
        "en": "No column identifies the client (code, name, company, phone or e-mail). Columns that could: {columns}."},
    "import_doubts_confirm": {
        "ru": "Сопоставление столбцов под сомнением (см. выше); ничего не записано. Проверьте его (--dry-run, --show-mapping) и укажите --mapping ФАЙЛ или подтвердите --yes.",
        "en": "The column mapping is doubtful (see above); nothing was written. Check it (--dry-run, --show-mapping), then give --mapping FILE or confirm with --yes."},
    "import_column_problems": {"ru": "Замечания по столбцам:", "en": "Problems by column:"},
    "match_phone": {"ru": "тот же телефон {value}", "en": "same phone {value}"},
    "match_email": {"ru": "тот же e-mail {value}", "en": "same e-mail {value}"},
    "match_inn": {"ru": "тот же ИНН {value}", "en": "same INN {value}"},
    "match_code": {"ru": "тот же код клиента {value}", "en": "same client code {value}"},
    "match_name_city": {"ru": "то же имя и город ({value})", "en": "same name and city ({value})"},
    "match_name": {"ru": "то же имя ({value})", "en": "same name ({value})"},
})
