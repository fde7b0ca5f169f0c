<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>BackupsPage</name>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Клиентов</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Создать копию сейчас</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Проверить</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Восстановить…</translation>
    </message>
    <message>
        <source>Copy a client back…</source>
        <translation>Вернуть клиента из копии…</translation>
    </message>
    <message>
        <source>Delete old backups…</source>
        <translation>Удалить старые копии…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>“backups” beside the vault</source>
        <translation>«backups» рядом с базой</translation>
    </message>
    <message>
        <source>none (e.g. a USB disk or a synced folder)</source>
        <translation>нет (например, USB-диск или синхронизируемая папка)</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Папка для копий</translation>
    </message>
    <message>
        <source>Second folder</source>
        <translation>Вторая папка</translation>
    </message>
    <message>
        <source>Keep the last</source>
        <translation>Хранить последние</translation>
    </message>
    <message>
        <source>Daily backups to keep</source>
        <translation>Ежедневных копий хранить</translation>
    </message>
    <message>
        <source>Weekly backups to keep</source>
        <translation>Еженедельных копий хранить</translation>
    </message>
    <message>
        <source>Monthly backups to keep</source>
        <translation>Ежемесячных копий хранить</translation>
    </message>
    <message>
        <source>Keep restore points, days</source>
        <translation>Хранить точки восстановления, дней</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Сохранить настройки</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>Выберите папку</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>проверена</translation>
    </message>
    <message>
        <source>DAMAGED</source>
        <translation>ПОВРЕЖДЕНА</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>нет файла</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Резервные копии</translation>
    </message>
    <message>
        <source>The backup is intact.</source>
        <translation>Резервная копия в порядке.</translation>
    </message>
    <message>
        <source>Backup password</source>
        <translation>Пароль резервной копии</translation>
    </message>
    <message>
        <source>Replace all current data with the backup of %1 (%2 clients)?

The current state is saved as a restore point first.</source>
        <translation>Заменить все текущие данные резервной копией от %1 (клиентов: %2)?

Текущее состояние сначала будет сохранено как точка восстановления.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановление</translation>
    </message>
    <message>
        <source>The backup was restored.</source>
        <translation>Резервная копия восстановлена.</translation>
    </message>
    <message>
        <source>Copy a client back</source>
        <translation>Вернуть клиента из копии</translation>
    </message>
    <message>
        <source>Name (or part of it) of the client in the backup:</source>
        <translation>Имя клиента в резервной копии (или его часть):</translation>
    </message>
    <message>
        <source>No such client in the backup.</source>
        <translation>В резервной копии нет такого клиента.</translation>
    </message>
    <message>
        <source>Client:</source>
        <translation>Клиент:</translation>
    </message>
    <message>
        <source>The client was copied into the vault.</source>
        <translation>Клиент скопирован в базу.</translation>
    </message>
    <message>
        <source>No backup is due for deletion.</source>
        <translation>Удалять нечего: все копии нужны по правилу хранения.</translation>
    </message>
    <message>
        <source>Delete old backups</source>
        <translation>Удаление старых копий</translation>
    </message>
    <message>
        <source>These backups will be deleted:</source>
        <translation>Будут удалены копии:</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>Ежедневная</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Вручную</translation>
    </message>
    <message>
        <source>On close</source>
        <translation>При закрытии</translation>
    </message>
    <message>
        <source>Before import</source>
        <translation>Перед импортом</translation>
    </message>
    <message>
        <source>Before merge</source>
        <translation>Перед объединением</translation>
    </message>
    <message>
        <source>Before bulk edit</source>
        <translation>Перед массовой правкой</translation>
    </message>
    <message>
        <source>Before deletion</source>
        <translation>Перед удалением</translation>
    </message>
    <message>
        <source>Before restore</source>
        <translation>Перед восстановлением</translation>
    </message>
    <message>
        <source>Before upgrade</source>
        <translation>Перед обновлением</translation>
    </message>
    <message>
        <source>Before clean-up</source>
        <translation>Перед очисткой</translation>
    </message>
    <message>
        <source>Before erasure</source>
        <translation>Перед стиранием</translation>
    </message>
    <message>
        <source>Restore point</source>
        <translation>Точка восстановления</translation>
    </message>
    <message>
        <source>No verified backup yet</source>
        <translation>Проверенных резервных копий ещё нет</translation>
    </message>
    <message>
        <source>Last verified backup: %1</source>
        <translation>Последняя проверенная копия: %1</translation>
    </message>
    <message>
        <source>none in the last 7 days</source>
        <translation>нет копий за последние 7 дней</translation>
    </message>
    <message>
        <source>Backups — Clientbook</source>
        <translation>Резервные копии — Clientbook</translation>
    </message>
</context>
</TS>
