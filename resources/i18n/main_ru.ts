<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru_RU">
<context>
    <name>BulkActions</name>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="88" />
        <source>Add tag…</source>
        <translation>Добавить метку…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="89" />
        <source>Remove tag…</source>
        <translation>Снять метку…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="90" />
        <source>Archive</source>
        <translation>В архив</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="91" />
        <source>Return from archive</source>
        <translation>Вернуть из архива</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="92" />
        <source>Set temperature</source>
        <translation>Температура</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="93" />
        <source>Set status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="95" />
        <source>Not set</source>
        <translation>Не задана</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="124" />
        <source>Add tag</source>
        <translation>Добавить метку</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="124" />
        <source>Tag for the selected clients:</source>
        <translation>Метка для выбранных клиентов:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="133" />
        <source>Remove tag</source>
        <translation>Снять метку</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="133" />
        <source>Tag to remove from the selected clients:</source>
        <translation>Какую метку снять с выбранных клиентов:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="143" />
        <source>Changing the selected clients…</source>
        <translation>Изменение выбранных клиентов…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/bulk_actions.py" line="146" />
        <source>Nothing was changed</source>
        <translation>Ничего не изменено</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="336" />
        <source>Change password</source>
        <translation>Смена пароля</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="337" />
        <source>Current password:</source>
        <translation>Текущий пароль:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="337" />
        <source>New password:</source>
        <translation>Новый пароль:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="338" />
        <source>Repeat new password:</source>
        <translation>Новый пароль ещё раз:</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/unlock.py" line="358" />
        <source>The password is too short: use at least %n characters.</source>
        <translation><numerusform>Пароль слишком короткий: нужно не меньше %n символа.</numerusform><numerusform>Пароль слишком короткий: нужно не меньше %n символов.</numerusform><numerusform>Пароль слишком короткий: нужно не меньше %n символов.</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="361" />
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>Пароли не совпадают. Введите один и тот же пароль дважды.</translation>
    </message>
</context>
<context>
    <name>ClientList</name>
    <message>
        <location filename="../../src/clientbook/ui/client_table.py" line="1" />
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="72" />
        <source>Name</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="73" />
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="74" />
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="75" />
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="76" />
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="77" />
        <source>Temperature</source>
        <translation>Температура</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="78" />
        <source>Tags</source>
        <translation>Метки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="79" />
        <source>Next contact</source>
        <translation>След. контакт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="80" />
        <source>Created</source>
        <translation>Создан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="81" />
        <source>Updated</source>
        <translation>Изменён</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="88" />
        <source>Lead</source>
        <translation>Лид</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="89" />
        <source>Active</source>
        <translation>Активный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="90" />
        <source>Former</source>
        <translation>Бывший</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="91" />
        <source>Problem</source>
        <translation>Проблемный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="98" />
        <source>Cold</source>
        <translation>Холодный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="99" />
        <source>Warm</source>
        <translation>Тёплый</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/client_list_model.py" line="100" />
        <source>Hot</source>
        <translation>Горячий</translation>
    </message>
</context>
<context>
    <name>CreateVaultDialog</name>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="118" />
        <source>Create a client base</source>
        <translation>Новая база клиентов</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="120" />
        <source>Your clients are kept in one encrypted file. Choose a password: without it the file cannot be opened, and it cannot be recovered if forgotten.</source>
        <translation>Клиенты хранятся в одном зашифрованном файле. Придумайте пароль: без него файл не открыть, а забытый пароль восстановить нельзя.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="122" />
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="123" />
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="123" />
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="123" />
        <source>Repeat password:</source>
        <translation>Пароль ещё раз:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="124" />
        <source>Strength:</source>
        <translation>Надёжность:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="126" />
        <source>Remember the password on this computer</source>
        <translation>Запомнить пароль на этом компьютере</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="129" />
        <source>Create</source>
        <translation>Создать</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="130" />
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/unlock.py" line="139" />
        <source>too short (at least %n characters)</source>
        <translation><numerusform>слишком короткий (нужно не меньше %n символа)</numerusform><numerusform>слишком короткий (нужно не меньше %n символов)</numerusform><numerusform>слишком короткий (нужно не меньше %n символов)</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="139" />
        <source>weak</source>
        <translation>слабый</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="140" />
        <source>fair</source>
        <translation>средний</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="140" />
        <source>strong</source>
        <translation>надёжный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="147" />
        <source>New client base</source>
        <translation>Новая база клиентов</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="148" />
        <source>Clientbook files (*.db)</source>
        <translation>Файлы Clientbook (*.db)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="156" />
        <source>Choose where to keep the file.</source>
        <translation>Выберите, где хранить файл.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/unlock.py" line="159" />
        <source>The password is too short: use at least %n characters.</source>
        <translation><numerusform>Пароль слишком короткий: нужно не меньше %n символа.</numerusform><numerusform>Пароль слишком короткий: нужно не меньше %n символов.</numerusform><numerusform>Пароль слишком короткий: нужно не меньше %n символов.</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="162" />
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>Пароли не совпадают. Введите один и тот же пароль дважды.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="171" />
        <source>The file cannot be created there: %1</source>
        <translation>Не удалось создать файл в этом месте: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="531" />
        <source>Type at least %1 digits of the phone number</source>
        <translation>Введите хотя бы %1 цифры номера телефона</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="1" />
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="213" />
        <source>History of contacts…</source>
        <translation>История контактов…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="215" />
        <source>Custom fields…</source>
        <translation>Дополнительные поля…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="217" />
        <source>Backups…</source>
        <translation>Резервные копии…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="219" />
        <source>Import from a spreadsheet…</source>
        <translation>Импорт из таблицы…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="221" />
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="222" />
        <source>Segment builder…</source>
        <translation>Конструктор сегментов…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="224" />
        <source>Dashboard…</source>
        <translation>Сводка…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="226" />
        <source>Duplicates…</source>
        <translation>Дубликаты…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="228" />
        <source>Data quality…</source>
        <translation>Качество данных…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="297" />
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="298" />
        <source>&amp;Clients</source>
        <translation>&amp;Клиенты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="299" />
        <source>&amp;Tools</source>
        <translation>&amp;Инструменты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="300" />
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="301" />
        <source>New client base…</source>
        <translation>Новая база клиентов…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="302" />
        <source>Open client base…</source>
        <translation>Открыть базу клиентов…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="303" />
        <source>Change password…</source>
        <translation>Сменить пароль…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="304" />
        <location filename="../../src/clientbook/ui/main_window.py" line="486" />
        <location filename="../../src/clientbook/ui/main_window.py" line="489" />
        <location filename="../../src/clientbook/ui/main_window.py" line="492" />
        <source>Check file</source>
        <translation>Проверить файл</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="305" />
        <source>Lock</source>
        <translation>Заблокировать</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="306" />
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="307" />
        <source>Quit</source>
        <translation>Выход</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="308" />
        <source>New client</source>
        <translation>Новый клиент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="309" />
        <source>Open card</source>
        <translation>Открыть карточку</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="310" />
        <source>Find</source>
        <translation>Найти</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="311" />
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="312" />
        <location filename="../../src/clientbook/ui/main_window.py" line="771" />
        <source>About Clientbook</source>
        <translation>О программе Clientbook</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="316" />
        <source>Today panel</source>
        <translation>Панель «Сегодня»</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="317" />
        <source>Search: name, phone, e-mail, city, tag…  (Ctrl+F)</source>
        <translation>Поиск: имя, телефон, почта, город, метка…  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="456" />
        <source>Open client base</source>
        <translation>Открыть базу клиентов</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="457" />
        <source>Clientbook files (*.db);;All files (*)</source>
        <translation>Файлы Clientbook (*.db);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="475" />
        <source>Password changed</source>
        <translation>Пароль изменён</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="476" />
        <source>The password was changed. Backups made earlier keep the old one.</source>
        <translation>Пароль изменён. Резервные копии, сделанные раньше, открываются старым паролем.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="483" />
        <source>Checking the file…</source>
        <translation>Проверка файла…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="490" />
        <source>The file is intact: encryption, database structure and change history all check out.</source>
        <translation>Файл в порядке: шифрование, структура базы и журнал изменений проверены.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="493" />
        <source>Problems were found in the file. Restore it from a backup.</source>
        <translation>В файле найдены повреждения. Восстановите его из резервной копии.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="521" />
        <source>Archived</source>
        <translation>Архив</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="523" />
        <source>Tag: %1</source>
        <translation>Метка: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="525" />
        <source>Segment: %1</source>
        <translation>Сегмент: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="527" />
        <source>Clients chosen in another window</source>
        <translation>Клиенты, выбранные в другом окне</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="529" />
        <source>All clients</source>
        <translation>Все клиенты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="541" />
        <source>More than %1 found: type more to narrow the search</source>
        <translation>Найдено больше %1 — уточните запрос</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="544" />
        <source>Found: %1</source>
        <translation>Найдено: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="546" />
        <source>Clients: %1</source>
        <translation>Клиентов: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="551" />
        <source>selected: %1</source>
        <translation>выбрано: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="704" />
        <source>chosen in another window</source>
        <translation>выбран в другом окне</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="750" />
        <source>selection</source>
        <translation>выделенные</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="772" />
        <source>Clientbook %1
Your client base in one encrypted file on this computer.</source>
        <translation>Clientbook %1
Ваша база клиентов — в одном зашифрованном файле на этом компьютере.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/main_window.py" line="798" />
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Search: “%1”</source>
        <translation>Поиск: «%1»</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="54" />
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="55" />
        <source>Language:</source>
        <translation>Язык:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="55" />
        <source>Lock after idle:</source>
        <translation>Блокировать после простоя:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="55" />
        <source>Default country for phones:</source>
        <translation>Страна телефонов по умолчанию:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="62" />
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="63" />
        <source>never</source>
        <translation>никогда</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="64" />
        <source>Phone numbers written without a country code are read as numbers of the default country.</source>
        <translation>Номера без кода страны считаются номерами страны по умолчанию.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="70" />
        <source>Russia</source>
        <translation>Россия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="70" />
        <source>Belarus</source>
        <translation>Беларусь</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="70" />
        <source>Kazakhstan</source>
        <translation>Казахстан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="71" />
        <source>Ukraine</source>
        <translation>Украина</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="71" />
        <source>Uzbekistan</source>
        <translation>Узбекистан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="71" />
        <source>Kyrgyzstan</source>
        <translation>Киргизия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="72" />
        <source>Armenia</source>
        <translation>Армения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="72" />
        <source>Georgia</source>
        <translation>Грузия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="72" />
        <source>Azerbaijan</source>
        <translation>Азербайджан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="73" />
        <source>Moldova</source>
        <translation>Молдова</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="73" />
        <source>Tajikistan</source>
        <translation>Таджикистан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="73" />
        <source>Turkmenistan</source>
        <translation>Туркмения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="74" />
        <source>Latvia</source>
        <translation>Латвия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="74" />
        <source>Lithuania</source>
        <translation>Литва</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="74" />
        <source>Estonia</source>
        <translation>Эстония</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="75" />
        <source>Germany</source>
        <translation>Германия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="75" />
        <source>United States</source>
        <translation>США</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/settings_dialog.py" line="75" />
        <source>United Kingdom</source>
        <translation>Великобритания</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../src/clientbook/ui/sidebar.py" line="84" />
        <source>Clients</source>
        <translation>Клиенты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/sidebar.py" line="85" />
        <source>All clients</source>
        <translation>Все клиенты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/sidebar.py" line="86" />
        <source>Archived</source>
        <translation>Архив</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/sidebar.py" line="87" />
        <source>Tags</source>
        <translation>Метки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/sidebar.py" line="89" />
        <source>No tags yet</source>
        <translation>Меток пока нет</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/sidebar.py" line="93" />
        <source>Segments</source>
        <translation>Сегменты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/sidebar.py" line="94" />
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/sidebar.py" line="134" />
        <source>No segments</source>
        <translation>Сегментов нет</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="248" />
        <source>Clientbook is locked</source>
        <translation>Clientbook заблокирован</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="248" />
        <source>Welcome to Clientbook</source>
        <translation>Добро пожаловать в Clientbook</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="252" />
        <source>Password</source>
        <translation>Пароль</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="253" />
        <source>Remember the password on this computer</source>
        <translation>Запомнить пароль на этом компьютере</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="256" />
        <source>Unlock</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="257" />
        <source>Open another file…</source>
        <translation>Открыть другой файл…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="257" />
        <source>Open a file…</source>
        <translation>Открыть файл…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="258" />
        <source>Create a new base…</source>
        <translation>Создать новую базу…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="274" />
        <source>Your clients will be kept in one encrypted file on this computer. Create it to begin, or open a file you already have.</source>
        <translation>Клиенты будут храниться в одном зашифрованном файле на этом компьютере. Создайте его, чтобы начать, или откройте уже имеющийся файл.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="277" />
        <source>File: %1</source>
        <translation>Файл: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="288" />
        <source>Type the password.</source>
        <translation>Введите пароль.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="300" />
        <source>Close Clientbook in the other window first, then try again.</source>
        <translation>Сначала закройте Clientbook в другом окне, затем повторите.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/unlock.py" line="322" />
        <source>The file could not be opened because of an error in Clientbook.</source>
        <translation>Файл не открылся из-за ошибки в Clientbook.</translation>
    </message>
</context>
<context>
    <name>Workers</name>
    <message>
        <location filename="../../src/clientbook/ui/workers.py" line="106" />
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/workers.py" line="132" />
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
</context>
<context>
    <name>ClientListModel</name>
    <message>
        <source>name</source>
        <translation>имя</translation>
    </message>
    <message>
        <source>company</source>
        <translation>компания</translation>
    </message>
    <message>
        <source>contact person</source>
        <translation>контактное лицо</translation>
    </message>
    <message>
        <source>Next contact: the date set on the card or by a contact's next step</source>
        <translation>Следующий контакт: дата из карточки или следующего шага в истории</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>телефон</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>эл. почта</translation>
    </message>
    <message>
        <source>city or region</source>
        <translation>город или регион</translation>
    </message>
    <message>
        <source>tag</source>
        <translation>метка</translation>
    </message>
    <message>
        <source>INN or address</source>
        <translation>ИНН или адрес</translation>
    </message>
    <message>
        <source>Found in: %1</source>
        <translation>Найдено: %1</translation>
    </message>
</context>
<context>
    <name>BackupScheduler</name>
    <message>
        <location filename="../../src/clientbook/ui/backup_scheduler.py" line="107" />
        <source>The automatic backup failed.</source>
        <translation>Автоматическое резервное копирование не удалось.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/backup_scheduler.py" line="69" />
        <source>Backing up before closing…</source>
        <translation>Резервная копия перед закрытием…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/backup_scheduler.py" line="73" />
        <source>Backup</source>
        <translation>Резервная копия</translation>
    </message>
</context>
<context>
    <name>BusyWrites</name>
    <message>
        <location filename="../../src/clientbook/ui/busy_writes.py" line="52" />
        <source>Not done</source>
        <translation>Не выполнено</translation>
    </message>
</context>
</TS>
