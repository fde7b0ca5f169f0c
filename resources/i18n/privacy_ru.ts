<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru_RU">
  <context>
    <name>EraseDialog</name>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="140" />
      <source>Erase personal data</source>
      <translation>Уничтожение персональных данных</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="143" />
      <source>“%1” and everything linked will be deleted: phones, e-mails, contact persons, history, reminders, consents, custom fields. Purchases keep their date and amount without the person. The change log keeps no personal data of them, and the search index and free space of the file are cleaned.

A restore point is made first. Backups made earlier still hold the person until they leave the rotation (at most the set number of days) or are rewritten.</source>
      <translation>«%1» и всё связанное будет удалено: телефоны, эл. почта, контактные лица, история, напоминания, согласия, доп. поля. Покупки сохранят дату и сумму без указания лица. В журнале изменений не останется персональных данных, поисковый индекс и свободное место файла будут очищены.

Сначала создаётся точка восстановления. Сделанные ранее резервные копии содержат данные, пока не уйдут из ротации (не дольше заданного числа дней) или не будут переписаны.</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="150" />
      <source>The person's request</source>
      <translation>Требование субъекта</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="151" />
      <source>Consent to processing withdrawn</source>
      <translation>Отзыв согласия на обработку</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="152" />
      <source>Purpose of processing achieved</source>
      <translation>Достижение цели обработки</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="154" />
      <source>where to save the act of destruction (.xlsx and .html)</source>
      <translation>куда сохранить акт об уничтожении (.xlsx и .html)</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="155" />
      <source>Choose…</source>
      <translation>Выбрать…</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="160" />
      <source>Also rewrite the backups that hold the person (each is checked again)</source>
      <translation>Также переписать резервные копии, содержащие эти данные (каждая проверяется заново)</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="161" />
      <source>I understand: the data cannot be brought back from this vault</source>
      <translation>Понимаю: вернуть данные из этой базы будет нельзя</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="163" />
      <source>Erase</source>
      <translation>Уничтожить</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="171" />
      <source>Ground</source>
      <translation>Основание</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="172" />
      <source>Act</source>
      <translation>Акт</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="183" />
      <source>Save the act</source>
      <translation>Сохранить акт</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="206" />
      <source>Erasing…</source>
      <translation>Уничтожение…</translation>
    </message>
  </context>
  <context>
    <name>EraseResultDialog</name>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="221" />
      <source>Personal data erased</source>
      <translation>Персональные данные уничтожены</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="225" />
      <source>Destroyed</source>
      <translation>Уничтожено</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="225" />
      <source>Rows</source>
      <translation>Записей</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="230" />
      <source>Backup still holding the person</source>
      <translation>Резервная копия, ещё содержащая данные</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="230" />
      <source>Deleted by</source>
      <translation>Удаляется не позднее</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="234" />
      <source>No backup holds the person any more.</source>
      <translation>Ни одна резервная копия больше не содержит этих данных.</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="236" />
      <source>Act: %1</source>
      <translation>Акт: %1</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="238" />
      <source>Rewritten without the person: %1</source>
      <translation>Переписана без субъекта: %1</translation>
    </message>
  </context>
  <context>
    <name>PrivacyButton</name>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="259" />
      <source>Personal data</source>
      <translation>Персональные данные</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="262" />
      <source>Personal data report…</source>
      <translation>Отчёт о персональных данных…</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="263" />
      <source>Erase personal data…</source>
      <translation>Уничтожить персональные данные…</translation>
    </message>
  </context>
  <context>
    <name>PrivacyReportDialog</name>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="59" />
      <source>Personal data report</source>
      <translation>Отчёт о персональных данных</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="61" />
      <source>Everything stored about this person: the card, contacts, history, purchases, consents with their evidence, custom fields, imports and merges in their past, the change log about them and the backups that hold them.</source>
      <translation>Всё, что хранится об этом человеке: карточка, контакты, история, покупки, согласия с подтверждениями, доп. поля, импорты и объединения в прошлом, журнал изменений о нём и резервные копии, где он есть.</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="65" />
      <source>Section</source>
      <translation>Раздел</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="65" />
      <source>Items</source>
      <translation>Записей</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="67" />
      <source>Excel workbook (.xlsx)</source>
      <translation>Книга Excel (.xlsx)</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="68" />
      <source>JSON (.json)</source>
      <translation>JSON (.json)</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="69" />
      <source>Include sensitive custom fields</source>
      <translation>Включить чувствительные доп. поля</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="75" />
      <source>Save report…</source>
      <translation>Сохранить отчёт…</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="81" />
      <source>Format</source>
      <translation>Формат</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="107" />
      <source>Writing the report…</source>
      <translation>Запись отчёта…</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="116" />
      <source>Saved: %1 (%2 items). The file is not encrypted: hand it to the person and delete your copy.</source>
      <translation>Сохранено: %1 (%2 записей). Файл не зашифрован: передайте его субъекту и удалите свою копию.</translation>
    </message>
    <message>
      <location filename="../work/wt/privacy/src/clientbook/ui/card/privacy_dialogs.py" line="122" />
      <source>Save report</source>
      <translation>Сохранить отчёт</translation>
    </message>
  </context>
  <context>
    <name>Labels</name>
    <message>
      <source>Processing of personal data</source>
      <translation>Обработка персональных данных</translation>
    </message>
  </context>
  <context>
    <name>BackupsPage</name>
    <message>
      <source>Keep backups holding erased people, days</source>
      <translation>Хранить копии с уничтоженными данными, дней</translation>
    </message>
  </context>
  <context>
    <name>ChangesTab</name>
    <message>
      <source>content erased with the person's data</source>
      <translation>содержимое уничтожено вместе с данными субъекта</translation>
    </message>
  </context>
</TS>