<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>BulkActions</name>
    <message>
        <source>Set responsible…</source>
        <translation>Назначить ответственного…</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>никто</translation>
    </message>
    <message>
        <source>Set responsible</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <source>Responsible for the selected clients:</source>
        <translation>Ответственный за выбранных клиентов:</translation>
    </message>
</context>
<context>
    <name>ClientCard</name>
    <message>
        <source>The user who looks after this client</source>
        <translation>Пользователь, который ведёт этого клиента</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <source>%1 (no longer a user)</source>
        <translation>%1 (больше не пользователь)</translation>
    </message>
</context>
<context>
    <name>ConditionRow</name>
    <message>
        <source>a user's name, e.g. %1</source>
        <translation>имя пользователя, например %1</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>Private note</source>
        <translation>Личная заметка</translation>
    </message>
    <message>
        <source>A private note: only its author can read it</source>
        <translation>Личная заметка: прочитать её может только автор</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>Личная</translation>
    </message>
    <message>
        <source>Only you will be able to read this note; others see that it exists</source>
        <translation>Прочитать заметку сможете только вы; другие увидят лишь, что она есть</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Responsible</source>
        <translation>Ответственный</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Исполнитель</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>My clients</source>
        <translation>Мои клиенты</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>New password for %1</source>
        <translation>Новый пароль для %1</translation>
    </message>
    <message>
        <source>%1's private notes stay sealed with the old password: a new one cannot open them.</source>
        <translation>Личные заметки пользователя %1 остаются зашифрованы старым паролем: новый их не откроет.</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Новый пароль:</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>Повторите пароль:</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>Задать пароль</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>Пароли не совпадают. Введите один и тот же пароль дважды.</translation>
    </message>
</context>
<context>
    <name>RemindersTab</name>
    <message>
        <source>Assignee</source>
        <translation>Исполнитель</translation>
    </message>
    <message>
        <source>The user who does it</source>
        <translation>Кто выполняет задачу</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>никто</translation>
    </message>
</context>
<context>
    <name>RemoveDialog</name>
    <message>
        <source>Remove %1</source>
        <translation>Удалить пользователя %1</translation>
    </message>
    <message>
        <source>%1 will no longer be able to unlock this base. The whole file is re-encrypted under a new key, so the old password opens nothing made from now on; this takes a while on a large base. A restore point is made first. Their clients and tasks keep their name until you give them to someone else; their private notes stay sealed for good.</source>
        <translation>%1 больше не сможет открыть эту базу. Весь файл будет заново зашифрован новым ключом, и старый пароль не откроет ничего, что будет сделано дальше; на большой базе это занимает время. Сначала создаётся точка восстановления. Клиенты и задачи пользователя сохранят его имя, пока вы не передадите их другому; его личные заметки останутся зашифрованы навсегда.</translation>
    </message>
    <message>
        <source>Your password:</source>
        <translation>Ваш пароль:</translation>
    </message>
    <message>
        <source>Remove and re-encrypt</source>
        <translation>Удалить и перешифровать</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Type your own password to confirm.</source>
        <translation>Для подтверждения введите свой пароль.</translation>
    </message>
</context>
<context>
    <name>SegmentSubjects</name>
    <message>
        <source>Responsible</source>
        <translation>Ответственный</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>General</source>
        <translation>Общие</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Пользователи</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>My clients</source>
        <translation>Мои клиенты</translation>
    </message>
    <message>
        <source>Clients you are responsible for</source>
        <translation>Клиенты, за которых отвечаете вы</translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message>
        <source>My tasks</source>
        <translation>Мои задачи</translation>
    </message>
    <message>
        <source>Tasks given to you or to nobody, and your clients' dates</source>
        <translation>Задачи, порученные вам или никому, и даты ваших клиентов</translation>
    </message>
    <message>
        <source>Everybody's</source>
        <translation>Все задачи</translation>
    </message>
    <message>
        <source>The tasks of every user of this vault</source>
        <translation>Задачи всех пользователей базы</translation>
    </message>
    <message>
        <source>Whose</source>
        <translation>Чья</translation>
    </message>
    <message>
        <source>Whose: %1</source>
        <translation>Чья: %1</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>Who is unlocking: each user has their own password</source>
        <translation>Кто входит: у каждого пользователя свой пароль</translation>
    </message>
    <message>
        <source>Password of %1</source>
        <translation>Пароль пользователя %1</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Add a user</source>
        <translation>Новый пользователь</translation>
    </message>
    <message>
        <source>Role of %1</source>
        <translation>Роль пользователя %1</translation>
    </message>
    <message>
        <source>A read-only user can look at everything they may see and change nothing.</source>
        <translation>Пользователь «только чтение» видит всё, что ему разрешено, и ничего не может изменить.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Имя:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Роль:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>Повторите пароль:</translation>
    </message>
    <message>
        <source>May:</source>
        <translation>Может:</translation>
    </message>
    <message>
        <source>The first user makes this a base of several users: each will unlock it with their own password. Type your own (the owner's) password to confirm.</source>
        <translation>С первым пользователем база становится общей: каждый будет открывать её своим паролем. Для подтверждения введите свой пароль (пароль владельца).</translation>
    </message>
    <message>
        <source>Your password:</source>
        <translation>Ваш пароль:</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Type the user's name.</source>
        <translation>Введите имя пользователя.</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>Пароли не совпадают. Введите один и тот же пароль дважды.</translation>
    </message>
    <message>
        <source>Type your own password to confirm.</source>
        <translation>Для подтверждения введите свой пароль.</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Users of this base</source>
        <translation>Пользователи базы</translation>
    </message>
    <message>
        <source>Each user unlocks the base with their own password. The owner may do everything; a manager what you tick; a read-only user only looks. Everything each one changes is recorded under their name.</source>
        <translation>Каждый пользователь открывает базу своим паролем. Владелец может всё, менеджер — то, что вы отметите, пользователь «только чтение» только смотрит. Все изменения записываются в журнал под именем того, кто их сделал.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>May</source>
        <translation>Может</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Добавлен</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>Добавить…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>Изменить роль…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>Сбросить пароль…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <source>The owner keeps the owner's role; change your own password with File ▸ Change password.</source>
        <translation>Владелец остаётся владельцем; свой пароль меняйте в меню Файл ▸ Сменить пароль.</translation>
    </message>
    <message>
        <source>The change could not be made.</source>
        <translation>Изменение не выполнено.</translation>
    </message>
    <message>
        <source>Adding %1…</source>
        <translation>Добавляем пользователя %1…</translation>
    </message>
    <message>
        <source>%1 was added: they unlock the base with their own password.</source>
        <translation>Пользователь %1 добавлен: он открывает базу своим паролем.</translation>
    </message>
    <message>
        <source>Changing the role of %1…</source>
        <translation>Меняем роль пользователя %1…</translation>
    </message>
    <message>
        <source>The role of %1 was changed.</source>
        <translation>Роль пользователя %1 изменена.</translation>
    </message>
    <message>
        <source>Setting a new password for %1…</source>
        <translation>Задаём новый пароль для %1…</translation>
    </message>
    <message>
        <source>%1 now unlocks the base with the new password.</source>
        <translation>Теперь %1 открывает базу новым паролем.</translation>
    </message>
    <message>
        <source>Removing %1 and re-encrypting the base…</source>
        <translation>Удаляем пользователя %1 и перешифровываем базу…</translation>
    </message>
    <message>
        <source>%1 was removed; the base is encrypted under a new key.</source>
        <translation>Пользователь %1 удалён; база зашифрована новым ключом.</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Владелец</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Менеджер</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Только чтение</translation>
    </message>
    <message>
        <source>Change data</source>
        <translation>Изменять данные</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Выгружать</translation>
    </message>
    <message>
        <source>Import from files</source>
        <translation>Загружать из файлов</translation>
    </message>
    <message>
        <source>Merge duplicates</source>
        <translation>Объединять дубликаты</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>Восстанавливать из копии</translation>
    </message>
    <message>
        <source>Manage users</source>
        <translation>Управлять пользователями</translation>
    </message>
    <message>
        <source>See sensitive fields</source>
        <translation>Видеть закрытые поля</translation>
    </message>
    <message>
        <source>everything, and manage users</source>
        <translation>всё, в том числе управлять пользователями</translation>
    </message>
    <message>
        <source>read only</source>
        <translation>только смотреть</translation>
    </message>
</context>
</TS>
