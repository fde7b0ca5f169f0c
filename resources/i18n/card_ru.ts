<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru_RU">
<context>
    <name>ChangesTab</name>
    <message>
        <location filename="../../src/clientbook/ui/card/changes_tab.py" line="55" />
        <source>Tag added: %1</source>
        <translation>Добавлена метка: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/changes_tab.py" line="57" />
        <source>Tag removed: %1</source>
        <translation>Снята метка: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/changes_tab.py" line="70" />
        <source>%1 added</source>
        <translation>%1: добавлено</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/changes_tab.py" line="79" />
        <source>%1 added by the import of “%2”</source>
        <translation>%1: добавлено импортом файла «%2»</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/changes_tab.py" line="72" />
        <source>%1 removed</source>
        <translation>%1: удалено</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/changes_tab.py" line="81" />
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/changes_tab.py" line="81" />
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/changes_tab.py" line="81" />
        <source>What changed</source>
        <translation>Что изменилось</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/changes_tab.py" line="82" />
        <source>No changes recorded yet.</source>
        <translation>Изменений пока нет.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/changes_tab.py" line="99" />
        <source>Only the latest %1 changes are shown.</source>
        <translation>Показаны только последние %1 изменений.</translation>
    </message>
</context>
<context>
    <name>ClientCard</name>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="86" />
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="87" />
        <source>E-mails</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="88" />
        <location filename="../../src/clientbook/ui/card/editor.py" line="166" />
        <source>Contact persons</source>
        <translation>Контактные лица</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="89" />
        <source>Custom fields</source>
        <translation>Дополнительные поля</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="90" />
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="142" />
        <source>tags, separated by commas</source>
        <translation>метки через запятую</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="149" />
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="149" />
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="150" />
        <source>Temperature</source>
        <translation>Температура</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="154" />
        <source>Tags</source>
        <translation>Метки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="165" />
        <source>Main</source>
        <translation>Основное</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="167" />
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="168" />
        <source>Purchases</source>
        <translation>Покупки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="169" />
        <source>Reminders</source>
        <translation>Напоминания</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="170" />
        <source>Consents</source>
        <translation>Согласия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="171" />
        <source>Changes</source>
        <translation>Изменения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="178" />
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="179" />
        <source>Save the card (Ctrl+S)</source>
        <translation>Сохранить карточку (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="180" />
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="181" />
        <source>Close the card (Esc)</source>
        <translation>Закрыть карточку (Esc)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="182" />
        <source>New card</source>
        <translation>Новая карточка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="183" />
        <source>Start a new card (Ctrl+N)</source>
        <translation>Создать новую карточку (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="277" />
        <source>New client</source>
        <translation>Новый клиент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="277" />
        <source>(no name)</source>
        <translation>(без имени)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/card/editor.py" line="292" />
        <source>The card was not saved: fix the %n marked field(s).</source>
        <translation><numerusform>Карточка не сохранена: исправьте %n отмеченное поле.</numerusform><numerusform>Карточка не сохранена: исправьте %n отмеченных поля.</numerusform><numerusform>Карточка не сохранена: исправьте %n отмеченных полей.</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="338" />
        <source>Card not saved</source>
        <translation>Карточка не сохранена</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="345" />
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="361" />
        <source>Reloaded the version saved elsewhere.</source>
        <translation>Загружена версия, сохранённая в другом окне.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="383" />
        <source>Card changed elsewhere</source>
        <translation>Карточку изменили в другом окне</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="384" />
        <source>This card was saved in another window while you were editing it.</source>
        <translation>Пока вы редактировали карточку, её сохранили в другом окне.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="385" />
        <source>Changed there: %1.</source>
        <translation>Там изменено: %1.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="387" />
        <source>You also changed: %1 — your values will be kept if you apply your edits.</source>
        <translation>Вы тоже изменили: %1 — если применить ваши правки, останутся ваши значения.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="390" />
        <source>Reload, drop my edits</source>
        <translation>Загрузить их версию, мои правки отбросить</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="391" />
        <source>Apply my edits on top</source>
        <translation>Применить мои правки поверх</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="429" />
        <source>Possible duplicates</source>
        <translation>Возможные дубликаты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="436" />
        <source>Save as a new client</source>
        <translation>Сохранить как нового клиента</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="437" />
        <source>Open the existing card</source>
        <translation>Открыть существующую карточку</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="438" />
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="448" />
        <source>This client may already be in the base:</source>
        <translation>Возможно, этот клиент уже есть в базе:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="460" />
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/editor.py" line="460" />
        <source>Save the changes to this card?</source>
        <translation>Сохранить изменения в карточке?</translation>
    </message>
</context>
<context>
    <name>ConsentsTab</name>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="29" />
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="30" />
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="44" />
        <source>Channel</source>
        <translation>Канал</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="29" />
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="30" />
        <source>Consent</source>
        <translation>Согласие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="29" />
        <source>Since</source>
        <translation>С какого времени</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="29" />
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="30" />
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="45" />
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="30" />
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="31" />
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="46" />
        <source>Evidence</source>
        <translation>Подтверждение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="31" />
        <source>Recorded by</source>
        <translation>Кто записал</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="32" />
        <source>Record consent</source>
        <translation>Записать согласие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="37" />
        <source>website form, paper, phone call…</source>
        <translation>форма на сайте, бумага, звонок…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="39" />
        <source>document number, link, words of the client…</source>
        <translation>номер документа, ссылка, слова клиента…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="40" />
        <source>Grant</source>
        <translation>Дал согласие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="41" />
        <source>Withdraw</source>
        <translation>Отозвал согласие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="53" />
        <source>Save the card first to record consents.</source>
        <translation>Сначала сохраните карточку, чтобы записывать согласия.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="55" />
        <source>Current consents</source>
        <translation>Действующие согласия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="57" />
        <source>All consent events</source>
        <translation>Вся история согласий</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/consents_tab.py" line="84" />
        <source>not asked</source>
        <translation>не спрашивали</translation>
    </message>
</context>
<context>
    <name>ContactEditor</name>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="56" />
        <source>makes the decisions</source>
        <translation>принимает решения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="58" />
        <source>main contact of this client</source>
        <translation>основной контакт клиента</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="62" />
        <source>Last name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="63" />
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="64" />
        <source>Middle name</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="65" />
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="66" />
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="67" />
        <source>E-mails</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="68" />
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="69" />
        <source>Decision maker</source>
        <translation>ЛПР</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="70" />
        <source>Preferred channel</source>
        <translation>Удобный канал связи</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="71" />
        <source>Primary</source>
        <translation>Основной</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="72" />
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="144" />
        <source>(no name)</source>
        <translation>(без имени)</translation>
    </message>
</context>
<context>
    <name>ContactsTab</name>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="175" />
        <source>No contact persons yet. Press “Add contact person”.</source>
        <translation>Контактных лиц пока нет. Нажмите «Добавить контактное лицо».</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="178" />
        <source>Add contact person</source>
        <translation>Добавить контактное лицо</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/contacts_tab.py" line="179" />
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
</context>
<context>
    <name>CustomEditor</name>
    <message>
        <location filename="../../src/clientbook/ui/card/custom_editors.py" line="59" />
        <source>yes</source>
        <translation>да</translation>
    </message>
</context>
<context>
    <name>CustomFieldsPage</name>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="40" />
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="40" />
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="70" />
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="40" />
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="71" />
        <source>For</source>
        <translation>Для</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="40" />
        <source>Required</source>
        <translation>Обязательное</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="41" />
        <source>Sensitive</source>
        <translation>Особые данные</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="41" />
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="75" />
        <source>Choices</source>
        <translation>Варианты</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="42" />
        <source>No custom fields yet. Add one below.</source>
        <translation>Дополнительных полей пока нет. Добавьте поле ниже.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="43" />
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="60" />
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="142" />
        <source>New field</source>
        <translation>Новое поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="45" />
        <source>e.g. Clothes size</source>
        <translation>например, Размер одежды</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="53" />
        <source>One choice per line</source>
        <translation>По одному варианту в строке</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="55" />
        <source>must be filled in</source>
        <translation>обязательно для заполнения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="59" />
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="143" />
        <source>Add field</source>
        <translation>Добавить поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="61" />
        <source>Move up</source>
        <translation>Выше</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="62" />
        <source>Move down</source>
        <translation>Ниже</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="63" />
        <source>Remove from cards</source>
        <translation>Убрать из карточек</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="64" />
        <source>The field is hidden; values already entered are kept</source>
        <translation>Поле скрывается; уже введённые значения сохраняются</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="69" />
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="166" />
        <source>Edit field</source>
        <translation>Изменить поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="167" />
        <source>Save field</source>
        <translation>Сохранить поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="186" />
        <source>Enter the field's name.</source>
        <translation>Укажите название поля.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="189" />
        <source>Enter at least one choice.</source>
        <translation>Укажите хотя бы один вариант.</translation>
    </message>
    <message>
        <source>Custom fields — Clientbook</source>
        <translation>Дополнительные поля — Clientbook</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="1" />
        <source>sensitive (health, beliefs, passport…): encrypted, for allowed users only</source>
        <translation>особые данные (здоровье, убеждения, паспорт…): зашифрованы, видны только тем, кому разрешено</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="1" />
        <source>Only the vault&apos;s owner can mark fields as sensitive.</source>
        <translation>Отмечать поля как особые может только владелец базы.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="1" />
        <source>Sensitive built-in fields</source>
        <translation>Особые встроенные поля</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="1" />
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="1" />
        <source>Birthdays</source>
        <translation>Дни рождения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="1" />
        <source>Hidden from users not allowed to see sensitive data everywhere.</source>
        <translation>Скрыты везде от пользователей, которым не разрешено видеть особые данные.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="1" />
        <source>The field could not be saved.</source>
        <translation>Поле не удалось сохранить.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/custom_fields_page.py" line="1" />
        <source>The setting could not be saved.</source>
        <translation>Настройку не удалось сохранить.</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <location filename="../../src/clientbook/ui/card/history_tab.py" line="25" />
        <source>All kinds</source>
        <translation>Все типы</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/history_tab.py" line="28" />
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/history_tab.py" line="28" />
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/history_tab.py" line="28" />
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/history_tab.py" line="28" />
        <source>Author</source>
        <translation>Автор</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/history_tab.py" line="29" />
        <source>No history yet.</source>
        <translation>Истории пока нет.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/history_tab.py" line="35" />
        <source>What happened: a call, a meeting, a note…</source>
        <translation>Что произошло: звонок, встреча, заметка…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/history_tab.py" line="36" />
        <source>Add to history</source>
        <translation>Добавить в историю</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/history_tab.py" line="38" />
        <source>Save the card first to add history.</source>
        <translation>Сначала сохраните карточку, чтобы добавлять историю.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/history_tab.py" line="40" />
        <source>Show:</source>
        <translation>Показать:</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/history_tab.py" line="81" />
        <source>Write what happened.</source>
        <translation>Напишите, что произошло.</translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="1" />
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="1" />
        <source>The history could not be read: %1</source>
        <translation>Историю не удалось прочитать: %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="43" />
        <source>History — Clientbook</source>
        <translation>История — Clientbook</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="48" />
        <source>All kinds</source>
        <translation>Все типы</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="53" />
        <source>Search in the text or the client's name</source>
        <translation>Поиск по тексту или имени клиента</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="55" />
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="55" />
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="55" />
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="55" />
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="56" />
        <location filename="../../src/clientbook/ui/history_window.py" line="67" />
        <source>Author</source>
        <translation>Автор</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="57" />
        <source>Double-click an entry to open its client</source>
        <translation>Двойной щелчок открывает карточку клиента</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="58" />
        <source>Nothing found for these filters.</source>
        <translation>По этим условиям ничего не найдено.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="60" />
        <source>Show more</source>
        <translation>Показать ещё</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="62" />
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="64" />
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="96" />
        <source>anyone</source>
        <translation>любой</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/history_window.py" line="138" />
        <source>Entries shown: %1</source>
        <translation>Показано записей: %1</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="40" />
        <source>Person</source>
        <translation>Физлицо</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="40" />
        <location filename="../../src/clientbook/ui/card/labels.py" line="109" />
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="40" />
        <source>Sole trader (IP)</source>
        <translation>ИП</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="44" />
        <source>Lead</source>
        <translation>Потенциальный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="44" />
        <source>Active</source>
        <translation>Активный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="44" />
        <source>Former</source>
        <translation>Бывший</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="44" />
        <source>Problem</source>
        <translation>Проблемный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="48" />
        <source>Cold</source>
        <translation>Холодный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="48" />
        <source>Warm</source>
        <translation>Тёплый</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="48" />
        <source>Hot</source>
        <translation>Горячий</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="52" />
        <source>Loyal</source>
        <translation>Лояльный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="52" />
        <source>Discount-driven</source>
        <translation>Ищет скидки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="52" />
        <source>Impulsive</source>
        <translation>Импульсивный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="53" />
        <source>Purposeful</source>
        <translation>Целеустремлённый</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="53" />
        <source>Curious</source>
        <translation>Любопытный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="57" />
        <source>Male</source>
        <translation>Мужской</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="57" />
        <source>Female</source>
        <translation>Женский</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="61" />
        <source>Mobile</source>
        <translation>Мобильный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="61" />
        <source>Work</source>
        <translation>Рабочий</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="61" />
        <source>Home</source>
        <translation>Домашний</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="61" />
        <source>Fax</source>
        <translation>Факс</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="62" />
        <location filename="../../src/clientbook/ui/card/labels.py" line="86" />
        <source>Other</source>
        <translation>Другое</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="66" />
        <source>Call</source>
        <translation>Звонок</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="66" />
        <source>Meeting</source>
        <translation>Встреча</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="66" />
        <location filename="../../src/clientbook/ui/card/labels.py" line="76" />
        <location filename="../../src/clientbook/ui/card/labels.py" line="100" />
        <source>E-mail</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="66" />
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="67" />
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="67" />
        <source>Offer sent</source>
        <translation>Отправлено предложение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="67" />
        <source>Complaint</source>
        <translation>Жалоба</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="68" />
        <source>Support request</source>
        <translation>Обращение в поддержку</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="68" />
        <source>Feedback</source>
        <translation>Отзыв</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="72" />
        <source>Incoming</source>
        <translation>Входящий</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="72" />
        <source>Outgoing</source>
        <translation>Исходящий</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="76" />
        <source>SMS</source>
        <translation>СМС</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="76" />
        <source>Phone calls</source>
        <translation>Звонки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="77" />
        <source>Messengers</source>
        <translation>Мессенджеры</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="77" />
        <source>Post</source>
        <translation>Почта (бумажная)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="81" />
        <source>Granted</source>
        <translation>Дано</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="81" />
        <source>Withdrawn</source>
        <translation>Отозвано</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="85" />
        <source>Director</source>
        <translation>Директор</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="85" />
        <source>Accountant</source>
        <translation>Бухгалтер</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="85" />
        <source>Manager</source>
        <translation>Менеджер</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="86" />
        <source>Buyer</source>
        <translation>Закупщик</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="86" />
        <source>Owner</source>
        <translation>Владелец</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="90" />
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="90" />
        <location filename="../../src/clientbook/ui/card/labels.py" line="116" />
        <source>Number</source>
        <translation>Число</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="90" />
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="90" />
        <source>Choice</source>
        <translation>Выбор из списка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="91" />
        <source>Multiple choice</source>
        <translation>Несколько из списка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="91" />
        <source>Yes / no</source>
        <translation>Да / нет</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="95" />
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="95" />
        <location filename="../../src/clientbook/ui/card/labels.py" line="99" />
        <source>Contact person</source>
        <translation>Контактное лицо</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="99" />
        <source>Card</source>
        <translation>Карточка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="99" />
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="100" />
        <source>History entry</source>
        <translation>Запись истории</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="100" />
        <source>Purchase</source>
        <translation>Покупка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="101" />
        <source>Reminder</source>
        <translation>Напоминание</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="101" />
        <source>Consent</source>
        <translation>Согласие</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="101" />
        <source>Custom field</source>
        <translation>Доп. поле</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="102" />
        <source>Tag</source>
        <translation>Метка</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="108" />
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="108" />
        <source>Last name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="108" />
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="109" />
        <source>Middle name</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="109" />
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="110" />
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="110" />
        <location filename="../../src/clientbook/ui/card/labels.py" line="117" />
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="110" />
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="110" />
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="111" />
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="111" />
        <source>Birth day</source>
        <translation>День рождения (день)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="111" />
        <source>Birth month</source>
        <translation>День рождения (месяц)</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="112" />
        <source>Birth year</source>
        <translation>Год рождения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="112" />
        <source>Gender</source>
        <translation>Пол</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="112" />
        <source>Family status</source>
        <translation>Семейное положение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="113" />
        <source>Children / family</source>
        <translation>Дети / семья</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="113" />
        <source>Interests</source>
        <translation>Интересы</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="113" />
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="114" />
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="114" />
        <source>Temperature</source>
        <translation>Температура</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="114" />
        <source>Behaviour</source>
        <translation>Тип поведения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="115" />
        <source>Debtor</source>
        <translation>Должник</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="115" />
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="115" />
        <source>Next contact</source>
        <translation>Следующий контакт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="116" />
        <source>Archived</source>
        <translation>В архиве</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="116" />
        <source>Tags</source>
        <translation>Метки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="116" />
        <source>As written</source>
        <translation>Как записан</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="117" />
        <source>Extension</source>
        <translation>Добавочный</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="117" />
        <source>Primary</source>
        <translation>Основной</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="118" />
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="118" />
        <source>Decision maker</source>
        <translation>ЛПР</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="119" />
        <source>Preferred channel</source>
        <translation>Удобный канал связи</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="119" />
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="119" />
        <source>Order</source>
        <translation>Порядок</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="124" />
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/labels.py" line="124" />
        <source>no</source>
        <translation>нет</translation>
    </message>
</context>
<context>
    <name>ListEdit</name>
    <message>
        <location filename="../../src/clientbook/ui/card/fields.py" line="193" />
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/fields.py" line="239" />
        <source>Add e-mail</source>
        <translation>Добавить эл. почту</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/fields.py" line="261" />
        <source>Add phone</source>
        <translation>Добавить телефон</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/fields.py" line="271" />
        <source>primary</source>
        <translation>основной</translation>
    </message>
</context>
<context>
    <name>MainTab</name>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="66" />
        <source>10 or 12 digits</source>
        <translation>10 или 12 цифр</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="85" />
        <source>owes us money</source>
        <translation>должен нам деньги</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="91" />
        <source>Last name</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="92" />
        <source>A last name, first name or company name is required.</source>
        <translation>Нужно указать фамилию, имя или название компании.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="93" />
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="94" />
        <source>Middle name</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="95" />
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="96" />
        <source>INN</source>
        <translation>ИНН</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="97" />
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="98" />
        <source>Phones</source>
        <translation>Телефоны</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="99" />
        <source>E-mails</source>
        <translation>Эл. почта</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="100" />
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="101" />
        <source>Gender</source>
        <translation>Пол</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="103" />
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="104" />
        <source>City</source>
        <translation>Город</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="105" />
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="106" />
        <source>Country</source>
        <translation>Страна</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="107" />
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="108" />
        <source>Behaviour</source>
        <translation>Тип поведения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="109" />
        <source>Family status</source>
        <translation>Семейное положение</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="110" />
        <source>Children / family</source>
        <translation>Дети / семья</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="111" />
        <source>Interests</source>
        <translation>Интересы</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="112" />
        <source>Debtor</source>
        <translation>Должник</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="113" />
        <source>Next contact</source>
        <translation>Следующий контакт</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="114" />
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="116" />
        <source>Custom fields</source>
        <translation>Дополнительные поля</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>Название компании</translation>
    </message>
    <message>
        <source>Business name</source>
        <translation>Название (если есть)</translation>
    </message>
    <message>
        <source>The company name is required.</source>
        <translation>Название компании обязательно.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="1" />
        <source>Sensitive data: stored encrypted, shown only to users allowed to see it</source>
        <translation>Особые данные: хранятся зашифрованными, видны только пользователям с правом их видеть</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/main_tab.py" line="1" />
        <source>Hidden: sensitive data you are not allowed to see</source>
        <translation>Скрыто: особые данные, которые вам видеть не разрешено</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <location filename="../../src/clientbook/ui/card/fields.py" line="87" />
        <source>not set</source>
        <translation>не указана</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/fields.py" line="93" />
        <source>Clear the date</source>
        <translation>Очистить дату</translation>
    </message>
</context>
<context>
    <name>PartialDateEdit</name>
    <message>
        <location filename="../../src/clientbook/ui/card/fields.py" line="126" />
        <source>year unknown</source>
        <translation>год неизвестен</translation>
    </message>
</context>
<context>
    <name>PurchasesTab</name>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="41" />
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="64" />
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="41" />
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="65" />
        <source>Item</source>
        <translation>Товар / услуга</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="41" />
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="68" />
        <source>Quantity</source>
        <translation>Количество</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="41" />
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="75" />
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="42" />
        <source>Paid</source>
        <translation>Оплачено</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="43" />
        <source>No purchases yet.</source>
        <translation>Покупок пока нет.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="44" />
        <source>Add a purchase</source>
        <translation>Добавить покупку</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="53" />
        <source>paid</source>
        <translation>оплачено</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="57" />
        <source>Add purchase</source>
        <translation>Добавить покупку</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="76" />
        <source>Pay by</source>
        <translation>Оплатить до</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="78" />
        <source>Save the card first to add purchases.</source>
        <translation>Сначала сохраните карточку, чтобы добавлять покупки.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="103" />
        <source>no, due %1</source>
        <translation>нет, до %1</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="108" />
        <source>Purchases: %1, total %2</source>
        <translation>Покупок: %1, на сумму %2</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="119" />
        <source>Choose the date of the purchase.</source>
        <translation>Выберите дату покупки.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/purchases_tab.py" line="127" />
        <source>Enter the amount.</source>
        <translation>Укажите сумму.</translation>
    </message>
</context>
<context>
    <name>RemindersTab</name>
    <message>
        <location filename="../../src/clientbook/ui/card/reminders_tab.py" line="22" />
        <source>Due</source>
        <translation>Срок</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/reminders_tab.py" line="22" />
        <source>Task</source>
        <translation>Задача</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/reminders_tab.py" line="22" />
        <source>Done</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/reminders_tab.py" line="23" />
        <source>No reminders.</source>
        <translation>Напоминаний нет.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/reminders_tab.py" line="25" />
        <source>Call back, send the offer…</source>
        <translation>Перезвонить, отправить КП…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/reminders_tab.py" line="28" />
        <source>Add reminder</source>
        <translation>Добавить напоминание</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/reminders_tab.py" line="29" />
        <source>Mark done</source>
        <translation>Отметить выполненным</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/reminders_tab.py" line="31" />
        <source>Save the card first to add reminders.</source>
        <translation>Сначала сохраните карточку, чтобы добавлять напоминания.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/reminders_tab.py" line="82" />
        <source>Write what to do.</source>
        <translation>Напишите, что нужно сделать.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/card/reminders_tab.py" line="85" />
        <source>Choose the date.</source>
        <translation>Выберите дату.</translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="1" />
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="30" />
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="36" />
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="36" />
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="36" />
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="39" />
        <source>Double-click a line to open the client</source>
        <translation>Двойной щелчок открывает карточку клиента</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="40" />
        <source>Nothing due today. No birthdays this week.</source>
        <translation>На сегодня дел нет. Дней рождения на этой неделе нет.</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="41" />
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="42" />
        <source>Mark the task done or clear the next contact date</source>
        <translation>Отметить задачу выполненной или снять дату следующего контакта</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="43" />
        <source>Snooze</source>
        <translation>Отложить</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="45" />
        <source>Until tomorrow</source>
        <translation>До завтра</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="45" />
        <source>For 3 days</source>
        <translation>На 3 дня</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="45" />
        <source>For a week</source>
        <translation>На неделю</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="48" />
        <source>Open client</source>
        <translation>Открыть клиента</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="69" />
        <source>Contact the client</source>
        <translation>Связаться с клиентом</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="71" />
        <source>Birthday</source>
        <translation>День рождения</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="73" />
        <source>Birthday of %1</source>
        <translation>День рождения: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/clientbook/ui/today_panel.py" line="76" />
        <source>overdue by %n day(s)</source>
        <translation><numerusform>просрочено на %n день</numerusform><numerusform>просрочено на %n дня</numerusform><numerusform>просрочено на %n дней</numerusform></translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="86" />
        <source>Overdue</source>
        <translation>Просрочено</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="87" />
        <source>Due today</source>
        <translation>На сегодня</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="88" />
        <source>Birthdays in the next 7 days</source>
        <translation>Дни рождения в ближайшие 7 дней</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="0" />
        <source>This week</source>
        <translation>На этой неделе</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="0" />
        <source>Show all %1…</source>
        <translation>Показать все %1…</translation>
    </message>
    <message>
        <location filename="../../src/clientbook/ui/today_panel.py" line="0" />
        <source>Today could not be read.</source>
        <translation>Не удалось прочитать список «Сегодня».</translation>
    </message>
</context>
</TS>