<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Clientbook</source>
        <translation>О программе Clientbook</translation>
    </message>
    <message>
        <source>Clientbook %1</source>
        <translation>Clientbook %1</translation>
    </message>
    <message>
        <source>Your client base in one encrypted file on this computer.</source>
        <translation>Ваша клиентская база в одном зашифрованном файле на этом компьютере.</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Папка данных:</translation>
    </message>
    <message>
        <source>Vault:</source>
        <translation>База:</translation>
    </message>
    <message>
        <source>Backups:</source>
        <translation>Резервные копии:</translation>
    </message>
    <message>
        <source>Built with:</source>
        <translation>Собрано с:</translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation>Открыть папку данных</translation>
    </message>
    <message>
        <source>The folder does not exist yet.</source>
        <translation>Папка ещё не создана.</translation>
    </message>
</context>
</TS>
