<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
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
    <name>SegmentSubjects</name>
    <message>
        <source>Responsible</source>
        <translation>Ответственный</translation>
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
</TS>
