"""A demo client base with realistic Russian data, seeded and reproducible.

Used by `clientbook demo` (to try the program without real data) and by the benchmark (SPEC §15:
100,000 clients with phones, e-mails, 0.5 contact persons, 5 interactions and 3 purchases each on
average). The business is a small coffee-equipment supplier: private buyers, ООО/АО and ИП.

Rows go in with SQLAlchemy Core executemany inside one transaction (the ORM would need minutes for
a million rows); the audit gets one 'create' entry per client under a Batch(kind='demo'), and the
search index is filled with `search.reindex`, so the result behaves exactly like typed-in data.
The same seed gives the same people, companies and texts; only dates move with "today".
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import itertools
import json
import math
import operator
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import phonenumbers
from sqlalchemy import Connection, Date, DateTime, Table, func, insert, select
from stdnum.ru import inn

from clientbook.core import audit, bulk_cache, search
from clientbook.core import models as m
from clientbook.core.clients import display_name, finish_batch, start_batch
from clientbook.core.dedup_keys import transliterate
from clientbook.core.errors import KnownError
from clientbook.core.messages import register
from clientbook.core.rights import require
from clientbook.core.textnorm import fold
from clientbook.core.vault import Vault

register({
    "demo_cancelled": {"ru": "Создание демо-базы отменено; ничего не записано.",
                       "en": "Making the demo base was cancelled; nothing was written."},
    "demo_size_invalid": {"ru": "Число клиентов должно быть от 1 до 10 000 000.",
                          "en": "The number of clients must be from 1 to 10,000,000."},
})

MAX_CLIENTS = 10_000_000
CHUNK = 2000  # clients generated and inserted at a time: bounded memory, regular progress

# ---- people ---------------------------------------------------------------------------------
# Father's name → "male female" patronymic, written out: the rules have too many exceptions
# (Илья → Ильич/Ильинична, Лев → Львович, Никита → Никитич) to derive them safely.
PATRONYMICS: dict[str, tuple[str, str]] = {
    name: tuple(forms.split())  # type: ignore[misc]
    for name, forms in {
        "Александр": "Александрович Александровна", "Алексей": "Алексеевич Алексеевна",
        "Анатолий": "Анатольевич Анатольевна", "Андрей": "Андреевич Андреевна",
        "Борис": "Борисович Борисовна", "Валерий": "Валерьевич Валерьевна",
        "Василий": "Васильевич Васильевна", "Виктор": "Викторович Викторовна",
        "Владимир": "Владимирович Владимировна", "Вячеслав": "Вячеславович Вячеславовна",
        "Геннадий": "Геннадьевич Геннадьевна", "Георгий": "Георгиевич Георгиевна",
        "Григорий": "Григорьевич Григорьевна", "Дмитрий": "Дмитриевич Дмитриевна",
        "Евгений": "Евгеньевич Евгеньевна", "Иван": "Иванович Ивановна", "Игорь": "Игоревич Игоревна",
        "Илья": "Ильич Ильинична", "Константин": "Константинович Константиновна",
        "Кузьма": "Кузьмич Кузьминична", "Лев": "Львович Львовна", "Леонид": "Леонидович Леонидовна",
        "Максим": "Максимович Максимовна", "Михаил": "Михайлович Михайловна",
        "Никита": "Никитич Никитична", "Николай": "Николаевич Николаевна", "Олег": "Олегович Олеговна",
        "Павел": "Павлович Павловна", "Пётр": "Петрович Петровна", "Роман": "Романович Романовна",
        "Сергей": "Сергеевич Сергеевна", "Станислав": "Станиславович Станиславовна",
        "Фёдор": "Фёдорович Фёдоровна", "Юрий": "Юрьевич Юрьевна", "Ярослав": "Ярославович Ярославовна",
    }.items()
}
MALE_NAMES = [n for n in PATRONYMICS if n != "Кузьма"] + [
    "Артём", "Денис", "Кирилл", "Антон", "Егор", "Тимур", "Руслан", "Глеб", "Матвей", "Вадим"]
FEMALE_NAMES = [
    "Анна", "Мария", "Елена", "Ольга", "Наталья", "Ирина", "Татьяна", "Светлана", "Екатерина", "Юлия",
    "Анастасия", "Марина", "Людмила", "Галина", "Валентина", "Надежда", "Оксана", "Виктория", "Дарья",
    "Ксения", "Алина", "Полина", "Евгения", "Вера", "Любовь", "Лариса", "Алёна", "Кристина", "Софья",
    "Елизавета", "Инна", "Нина", "Вероника", "Маргарита", "Жанна"]
# Surnames in the male form that take a feminine ending (-а, -ая).
SURNAMES = """Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков
Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров
Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев
Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов
Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков
Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов
Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев
Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев
Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров
Емельянов Никифоров Грачёв Котов Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев
Румянцев Акимов Кондратьев Бирюков Горбунов Анисимов Тихомиров Галкин Лукьянов Михеев Скворцов Юдин
Белоусов Нестеров Симонов Харитонов Князев Цветков Левин Воронцов Аксёнов Мальцев Логинов Горшков
Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Дёмин Хохлов Фадеев Молчанов Ершов
Ушаков Рябов Мухин Калашников Лобанов Бородин Платонов Некрасов Бобров Жданов Блинов Коротков
Муравьёв Крюков Дроздов Лавров Зуев Петухов Ларин Серов Зотов Устинов Фокин Самойлов Сахаров Шишкин
Черкасов Чистяков Носов Воронов Уваров Суворов Покровский Успенский Вишневский Островский Жуковский
Соколовский Троицкий Белецкий Савицкий Толстой Донской Луговой Полевой Белый""".split()  # noqa: SIM905
# Surnames that do not change with gender.
INVARIANT_SURNAMES = ["Шевченко", "Бондаренко", "Ковальчук", "Кравчук", "Ким", "Цой", "Седых", "Черных",
                      "Дурново", "Гринберг"]


def female_surname(male: str) -> str:
    """Иванов → Иванова, Соловьёв → Соловьёва, Покровский → Покровская, Толстой → Толстая."""
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    if male.endswith(("ский", "цкий", "ой", "ый")):
        return male[:-2] + "ая"
    return male


# ---- places ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class City:
    name: str
    region: str
    inn_region: str  # the first two digits of an ИНН registered there
    area_code: str  # landline code, 3–4 digits after +7
    weight: int  # rough population share


CITIES = [
    City("Москва", "Москва", "77", "495", 130), City("Санкт-Петербург", "Санкт-Петербург", "78", "812", 55),
    City("Новосибирск", "Новосибирская область", "54", "383", 16),
    City("Екатеринбург", "Свердловская область", "66", "343", 15),
    City("Казань", "Республика Татарстан", "16", "843", 13),
    City("Нижний Новгород", "Нижегородская область", "52", "831", 12),
    City("Челябинск", "Челябинская область", "74", "351", 11), City("Самара", "Самарская область", "63", "846", 11),
    City("Омск", "Омская область", "55", "3812", 11), City("Ростов-на-Дону", "Ростовская область", "61", "863", 11),
    City("Уфа", "Республика Башкортостан", "02", "347", 11), City("Красноярск", "Красноярский край", "24", "391", 11),
    City("Воронеж", "Воронежская область", "36", "473", 10), City("Пермь", "Пермский край", "59", "342", 10),
    City("Волгоград", "Волгоградская область", "34", "8442", 10),
    City("Краснодар", "Краснодарский край", "23", "861", 10),
    City("Саратов", "Саратовская область", "64", "8452", 8), City("Тюмень", "Тюменская область", "72", "3452", 8),
    City("Ижевск", "Удмуртская Республика", "18", "3412", 6), City("Барнаул", "Алтайский край", "22", "3852", 6),
    City("Ульяновск", "Ульяновская область", "73", "8422", 6), City("Иркутск", "Иркутская область", "38", "3952", 6),
    City("Хабаровск", "Хабаровский край", "27", "4212", 6), City("Ярославль", "Ярославская область", "76", "4852", 6),
    City("Владивосток", "Приморский край", "25", "423", 6), City("Томск", "Томская область", "70", "3822", 5),
    City("Оренбург", "Оренбургская область", "56", "3532", 5), City("Кемерово", "Кемеровская область", "42", "3842", 5),
    City("Рязань", "Рязанская область", "62", "4912", 5), City("Тверь", "Тверская область", "69", "4822", 4),
    City("Калининград", "Калининградская область", "39", "4012", 5),
]
STREETS = ["ул. Ленина", "ул. Советская", "ул. Мира", "ул. Гагарина", "Центральная ул.", "Садовая ул.",
           "ул. Пушкина", "Молодёжная ул.", "ул. Кирова", "Школьная ул.", "Лесная ул.", "ул. Победы",
           "пр. Ленина", "Комсомольский пр.", "ул. Чехова", "Набережная ул.", "Заводская ул.",
           "ул. Карла Маркса", "Октябрьская ул.", "Промышленная ул.", "Строителей ул.", "ул. Лермонтова"]
MOBILE_CODES = [str(c) for c in range(900, 1000) if c not in (940, 947, 972, 973, 974, 975, 976, 940)]
MAIL_DOMAINS = ["mail.ru"] * 30 + ["yandex.ru"] * 25 + ["gmail.com"] * 20 + ["bk.ru"] * 6 + ["list.ru"] * 6 + \
    ["inbox.ru"] * 5 + ["rambler.ru"] * 4 + ["ya.ru"] * 4

# ---- companies ------------------------------------------------------------------------------
COMPANY_STEMS = ["Техно", "Строй", "Агро", "Мед", "Транс", "Энерго", "Инвест", "Торг", "Проф", "Эко", "Вектор",
                 "Альфа", "Гранд", "Север", "Урал", "Сибирь", "Волга", "Нева", "Кофе", "Вкус", "Арома", "Бизнес",
                 "Стандарт", "Мега", "Лидер", "Гарант", "Старт", "Оптима", "Прайм", "Респект"]
COMPANY_TAILS = ["Сервис", "Групп", "Снаб", "Маркет", "Трейд", "Альянс", "Лайн", "Плюс", "Систем",
                 "Комплект", "Холдинг", "Опт", "Центр", "Мир", "Дом", "Пром", "Логистик", "Партнёр"]
COMPANY_WORDS = ["Ромашка", "Берёзка", "Северный ветер", "Кофейня на углу", "Белый медведь", "Три пекаря",
                 "Зерно и молоко", "Ласточка", "Родные просторы", "Добрый день", "Жар-птица", "Старый город",
                 "Горизонт", "Меридиан", "Кофе Тайм", "Сластёна", "Колосок", "Уют", "Пекарня №1", "Кедр"]
PERSON_POSITIONS = ["инженер", "врач", "учитель", "бухгалтер", "программист", "менеджер", "юрист",
                    "дизайнер", "предприниматель", "бариста", "продавец", "пенсионер"]
CONTACT_ROLES = [("director", 30), ("accountant", 25), ("manager", 30), ("buyer", 10), ("owner", 5)]
SOURCES = ["сайт", "рекомендация", "Яндекс.Директ", "выставка", "холодный звонок", "Авито", "2ГИС",
           "Instagram", "ВКонтакте", "пришёл в магазин"]
INTERESTS = ["эспрессо и капучино", "альтернативное заваривание", "зелёный чай", "домашняя выпечка",
             "рыбалка, дача", "путешествия", "йога", "бег по утрам", "настольные игры", "велоспорт",
             "кулинария", "театр", "футбол", "садоводство"]
TAGS = ["VIP", "опт", "розница", "постоянный", "новый", "партнёр", "рассылка", "доставка", "самовывоз",
        "аренда", "сервисный договор", "кофейня", "офис", "HoReCa", "госзаказчик"]
AUTHORS = ["Ольга Смирнова", "Алексей Ким", "Марина Гусева", "Дмитрий Орлов", "Светлана Белова"]


@dataclass(frozen=True)
class Item:
    name: str
    low: int  # price range in roubles
    high: int
    max_qty: int = 1
    business_only: bool = False


CATALOGUE = [
    Item("Кофе в зёрнах «Бразилия Сантос», 1 кг", 1200, 1900, 20), Item("Кофе в зёрнах «Эфиопия Иргачефф», 1 кг", 1900, 2800, 10),
    Item("Кофемашина De'Longhi Magnifica S", 32000, 45000), Item("Кофемашина Philips 3200 LatteGo", 45000, 62000),
    Item("Сервисное обслуживание кофемашины", 3500, 9000), Item("Ремонт кофемашины", 2500, 18000),
    Item("Фильтр для воды Brita", 900, 1800, 6), Item("Чай листовой, 250 г", 400, 900, 10),
    Item("Средство для декальцинации", 600, 1500, 5), Item("Молочник из нержавеющей стали", 900, 2500, 3),
    Item("Сиропы Monin, набор 6 шт.", 2500, 6000, 4), Item("Кофемолка Mazzer Super Jolly", 70000, 120000, 1, True),
    Item("Профессиональная кофемашина La Marzocco Linea", 450000, 900000, 1, True),
    Item("Аренда кофемашины, месяц", 5000, 12000, 12, True), Item("Бумажные стаканы 300 мл, 1000 шт.", 3000, 5000, 10, True),
    Item("Обучение бариста, курс", 8000, 15000, 3), Item("Монтаж и пусконаладка оборудования", 12000, 35000, 1, True),
]

# (subject, text) templates per interaction kind; {item} {amount} {num} {date} {contact} {rating}
INTERACTION_TEXTS: dict[str, list[tuple[str, str]]] = {
    "call": [("Звонок по заказу", "Обсудили заказ: {item}. Просит выставить счёт до пятницы."),
             ("Уточнение доставки", "Уточнили адрес и время доставки, привезём {date}."),
             ("Вопрос о наличии", "Спрашивал про наличие: {item}. Обещали перезвонить."),
             ("Недозвон", "Не дозвонились, абонент недоступен."),
             ("Звонок", "Поговорили с {contact}, интересуются новинками.")],
    "meeting": [("Встреча в офисе", "Показали {item}, клиент доволен, готовит заявку."),
                ("Дегустация", "Провели дегустацию новых сортов, больше всего понравилась Эфиопия."),
                ("Переговоры по договору", "Обсудили условия поставки и отсрочку платежа 14 дней.")],
    "email": [("Коммерческое предложение", "Отправили КП: {item}, сумма {amount} ₽."),
              ("Счёт на оплату", "Выслали счёт № {num} на {amount} ₽."),
              ("Ответ на запрос", "Ответили на вопросы по гарантии и сервисному обслуживанию.")],
    "message": [("WhatsApp", "Клиент прислал фото неисправности, просит мастера."),
                ("Telegram", "Напомнили об оплате счёта № {num}."),
                ("SMS", "Сообщили о готовности заказа к выдаче.")],
    "note": [("Заметка", "Предпочитает звонки после 14:00."),
             ("Заметка", "Решения принимает {contact}."),
             ("Заметка", "Просил не звонить по понедельникам.")],
    "offer": [("Акция", "Предложили скидку 10% на {item} до конца месяца."),
              ("Спецпредложение", "Отправили предложение по аренде кофемашины с обслуживанием.")],
    "complaint": [("Жалоба на доставку", "Доставка опоздала на два дня, клиент недоволен."),
                  ("Претензия по качеству", "Кофе пришёл с истекающим сроком годности, оформили замену.")],
    "support": [("Заявка в сервис", "Кофемашина не греет воду, выезд мастера {date}."),
                ("Консультация", "Помогли настроить помол по телефону.")],
    "feedback": [("Опрос удовлетворённости", "Оценка сервиса: {rating} из 10."),
                 ("Отзыв после покупки", "Клиент оценил покупку на {rating} из 10.")],
}
INTERACTION_KINDS = [("call", 32), ("email", 15), ("meeting", 9), ("message", 15), ("note", 8), ("offer", 8),
                     ("complaint", 3), ("support", 6), ("feedback", 4)]
OUTCOMES = ["Договорились о встрече", "Ждём оплату", "Клиент подумает", "Заказ оформлен", "Отказ: дорого",
            "Вопрос решён"]
NEXT_STEPS = ["Перезвонить", "Отправить договор", "Выставить счёт", "Напомнить об оплате", "Пригласить на дегустацию"]
REMINDER_TITLES = ["Перезвонить по счёту", "Отправить КП", "Уточнить оплату", "Поздравить с днём рождения",
                   "Согласовать доставку", "Напомнить о сервисном обслуживании"]
CONSENT_SOURCES = [("форма на сайте", "Заявка с сайта № {num}"), ("анкета в магазине", "Бумажная анкета № {num}"),
                   ("договор", "Договор № {num}, п. 7.2"), ("телефонный звонок", "Устное согласие, запись звонка {num}")]

# ---- transliteration for e-mail addresses -----------------------------------------------------
def translit(text: str) -> str:
    """Latin letters as Russians write their names in e-mail addresses ("Фёдоров" → "fedorov")."""
    return "".join(ch for ch in transliterate(text) if ch.isascii() and ch.isalnum())


# ---- ИНН ------------------------------------------------------------------------------------
def make_inn(rng: random.Random, region: str, *, person: bool) -> str:
    """A valid ИНН: region + tax office + number + check digit(s); 12 digits for a person or ИП."""
    body = region + f"{rng.randrange(1, 100):02d}" + "".join(str(rng.randrange(10)) for _ in range(6 if person else 5))
    if not person:
        return body + inn.calc_company_check_digit(body)
    return body + inn.calc_personal_check_digits(body)


# ---- the generator --------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoMix:
    """Average amounts per client (SPEC §15 for the benchmark)."""

    contacts: float = 0.5
    interactions: float = 5.0
    purchases: float = 3.0


@dataclass
class DemoResult:
    batch_id: int
    client_ids: range
    counts: dict[str, int] = field(default_factory=dict)


Progress = Callable[[int, int], None]
T = TypeVar("T")


def fill_vault(vault: Vault, clients: int, *, seed: int = 1, mix: DemoMix | None = None,
               today: dt.date | None = None, progress: Progress | None = None,
               should_cancel: Callable[[], bool] | None = None) -> DemoResult:
    """Add `clients` demo clients with everything attached, in one transaction (all or nothing)."""
    require(vault, "edit")
    if not 1 <= clients <= MAX_CLIENTS:
        raise KnownError("demo_size_invalid")
    with vault.transaction() as session:
        batch = start_batch(session, "demo", f"demo seed={seed}")
        conn = session.connection()
        gen = _Generator(conn, seed, mix or DemoMix(), today or dt.date.today(), vault.actor, batch.id)
        done = 0
        # Random inserts into a dozen indexes thrash the default 32 MB page cache once the file
        # outgrows it; every evicted page is re-decrypted. A bigger cache for this load only.
        with bulk_cache.sized(conn, clients), _indexes_built_after(conn, enabled=clients >= DEFER_INDEXES_FROM):
            while done < clients:
                if should_cancel and should_cancel():
                    raise KnownError("demo_cancelled")
                size = min(CHUNK, clients - done)
                gen.add_chunk(size)
                done += size
                if progress:
                    progress(done, clients)
        finish_batch(session, batch, gen.totals())
        return DemoResult(batch.id, range(gen.first_client_id, gen.first_client_id + clients), dict(gen.counts))


# About one person in 100 is entered twice (the second card somewhat different), and in a chunk of
# 40 or more the 40th person at the latest, so even a small demo base shows what Duplicates does.
DUPLICATE_SHARE = 1 / 100
DUPLICATE_AT = 40
DUPLICATE_PAIRS = "duplicate_pairs"  # the key of the batch totals listing the demo's own duplicates


def demo_duplicate_pairs(conn: Connection) -> set[tuple[int, int]] | None:
    """The (original, copy) pairs every demo batch of this vault entered twice on purpose; None when a
    demo batch predates the record (its duplicates are unknown)."""
    pairs: set[tuple[int, int]] = set()
    for (raw,) in conn.exec_driver_sql("SELECT totals FROM batches WHERE kind = 'demo' AND status = 'done'"):
        totals = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(totals, dict) or DUPLICATE_PAIRS not in totals:
            return None
        pairs.update((min(a, b), max(a, b)) for a, b in totals[DUPLICATE_PAIRS])
    return pairs

# Child tables whose secondary indexes are dropped during a big load and rebuilt after it.
DEFERRED_INDEX_TABLES = ("interactions", "purchases", "phones", "emails", "consents", "contact_persons",
                         "reminders", "client_tags", "audit")
DEFER_INDEXES_FROM = 5000


@contextlib.contextmanager
def _indexes_built_after(conn: Connection, *, enabled: bool) -> Iterator[None]:
    """Drop secondary indexes and re-create them from their own stored SQL after the load.

    Building an index once from sorted data is several times cheaper than updating it row by row;
    the statements come from sqlite_master, so the schema ends exactly as it was. All of this runs
    inside the load's transaction: a failure rolls the DROPs back too.
    """
    if not enabled:
        yield
        return
    marks = ", ".join("?" * len(DEFERRED_INDEX_TABLES))
    saved = conn.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        DEFERRED_INDEX_TABLES).all()
    for name, _sql in saved:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in saved:
        conn.exec_driver_sql(sql)


class _Generator:
    """Makes rows for consecutive client ids; ids are assigned here so child rows need no RETURNING."""

    def __init__(self, conn: Connection, seed: int, mix: DemoMix, today: dt.date, actor: str, batch_id: int) -> None:
        self.conn = conn
        self.rng = random.Random(seed)
        self.dup_rng = random.Random(seed * 7919 + 1)  # apart, so the duplicates leave everyone else as they were
        self._random = self.rng.random
        self.mix = mix
        self.today = today
        self.now = dt.datetime.combine(today, dt.time(9, 0))
        # History ends yesterday: a contact "today at 17:40" seen at ten in the morning is in the future.
        self.last_day = today - dt.timedelta(days=1)
        self.actor = actor
        self.batch_id = batch_id
        self.counts: dict[str, int] = {}
        # (original, copy) of every person entered twice: the demo's own duplicates, kept in the
        # batch's totals so a benchmark scoring the duplicate scan on a demo base knows them as true
        self.twins: list[tuple[int, int]] = []
        self.used_inns: set[str] = set()
        self.used_emails: set[str] = set()
        self.used_slugs: set[str] = set()
        self.next_id: dict[type[m.Base], int] = {t: self._max_id(t) + 1 for t in (m.Client, m.ContactPerson, m.Phone, m.Email, m.Interaction,
                                                          m.Purchase, m.Reminder, m.Consent)}
        self.first_client_id = self.next_id[m.Client]
        self.city_weights = [c.weight for c in CITIES]
        # cheap goods sell more often; companies also buy what private buyers do not
        self.items = {business: [i for i in CATALOGUE if business or not i.business_only] for business in (False, True)}
        self.item_cum = {b: list(itertools.accumulate(1.0 / (1 + i.low / 5000) for i in items))
                         for b, items in self.items.items()}
        self.kind_names = [k for k, _ in INTERACTION_KINDS]
        self.kind_cum = list(itertools.accumulate(float(w) for _, w in INTERACTION_KINDS))
        self.tag_ids = self._ensure_tags()
        self.invoice = 1000

    def _max_id(self, model: type[m.Base]) -> int:
        table = _table(model)
        return int(self.conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar() or 0)

    def _ensure_tags(self) -> list[int]:
        table = _table(m.Tag)
        existing = {r.key: r.id for r in self.conn.execute(select(table.c.id, table.c.key))}
        missing = [{"name": n, "key": fold(n)} for n in TAGS if fold(n) not in existing]
        if missing:
            self.conn.execute(insert(table), missing)
            existing = {r.key: r.id for r in self.conn.execute(select(table.c.id, table.c.key))}
        return [existing[fold(n)] for n in TAGS]

    def _id(self, model: type[m.Base]) -> int:
        value = self.next_id[model]
        self.next_id[model] = value + 1
        return value

    # -- small random helpers --
    def _int(self, low: int, high: int) -> int:
        """random.randint at a fifth of the cost: a million calls per 100,000 clients add up."""
        return low + int(self._random() * (high - low + 1))

    def _any(self, seq: Sequence[T]) -> T:
        return seq[int(self._random() * len(seq))]

    def _pick(self, values: Sequence[T], cum_weights: Sequence[float]) -> T:
        return values[bisect.bisect(cum_weights, self._random() * cum_weights[-1])]

    def _count(self, mean: float) -> int:
        """A skewed count with the given mean (a geometric law): most have a few, some have many."""
        if mean <= 0:
            return 0
        return int(self.rng.expovariate(math.log1p(1 / mean)))

    def _moment(self, start: dt.date, end: dt.date) -> dt.datetime:
        """A working-hours moment between two days."""
        span = max(0, (end - start).days)
        minutes = self._int(0, span) * 1440 + self._int(9 * 60, 19 * 60) // 5 * 5
        return dt.datetime(start.year, start.month, start.day) + dt.timedelta(minutes=minutes)

    def _person(self, gender: str | None = None) -> tuple[str, str, str, str]:
        gender = gender or self._any("mf")
        surname_pool = self.rng.random()
        if surname_pool < 0.06:
            last = self._any(INVARIANT_SURNAMES)
        else:
            last = self._any(SURNAMES)
            if gender == "f":
                last = female_surname(last)
        first = self._any(MALE_NAMES if gender == "m" else FEMALE_NAMES)
        patronymic = PATRONYMICS[self._any(list(PATRONYMICS))][0 if gender == "m" else 1]
        return last, first, patronymic, gender

    def _mobile(self) -> tuple[str, str]:
        """A +7 9xx number that `phonenumbers` accepts: some blocks (e.g. 930 000…) are unallocated."""
        while True:
            code = self._any(MOBILE_CODES)
            number = f"{self.rng.randrange(10_000_000):07d}"
            e164 = f"+7{code}{number}"
            if phonenumbers.is_valid_number(phonenumbers.parse(e164, None)):
                return e164, self._written(code, number)

    def _landline(self, city: City) -> tuple[str, str]:
        width = 10 - len(city.area_code)
        while True:
            number = str(self._int(2, 9)) + f"{self.rng.randrange(10 ** (width - 1)):0{width - 1}d}"
            e164 = f"+7{city.area_code}{number}"
            if phonenumbers.is_valid_number(phonenumbers.parse(e164, None)):
                return e164, self._written(city.area_code, number)

    def _written(self, code: str, number: str) -> str:
        """The number as somebody typed it into a spreadsheet: in one of the usual forms."""
        tail = f"{number[:-4]}-{number[-4:-2]}-{number[-2:]}"
        form = self.rng.randrange(6)
        if form == 0:
            return f"+7 ({code}) {tail}"
        if form == 1:
            return f"8 ({code}) {tail}"
        if form == 2:
            return f"8{code}{number}"
        if form == 3:
            return f"+7{code}{number}"
        if form == 4:
            return f"8 {code} {number[:-4]} {number[-4:-2]} {number[-2:]}"
        return f"8-{code}-{tail}"

    def _email(self, last: str, first: str, birth_year: int | None, domain: str | None = None) -> str:
        lat_last, lat_first = translit(last), translit(first)
        if domain is None:
            domain = self._any(MAIL_DOMAINS)
            shapes = [f"{lat_first}.{lat_last}", f"{lat_last}.{lat_first[0]}", f"{lat_first[0]}{lat_last}",
                      f"{lat_last}{birth_year % 100:02d}" if birth_year else f"{lat_last}_{lat_first}",
                      f"{lat_first}{lat_last}"]
        else:
            shapes = [f"{lat_first[0]}.{lat_last}", f"{lat_last}", f"{lat_first}.{lat_last}"]
        local = self._any(shapes)
        address = f"{local}@{domain}"
        suffix = 1
        while address in self.used_emails:
            suffix += 1
            address = f"{local}{suffix}@{domain}"
        self.used_emails.add(address)
        return address

    def _birthday(self, kind_age: tuple[int, int]) -> tuple[int | None, int | None, int | None]:
        if self.rng.random() < 0.25:
            return None, None, None
        born = self.today - dt.timedelta(days=self._int(kind_age[0] * 365, kind_age[1] * 365))
        year = born.year if self.rng.random() > 0.2 else None
        return born.day, born.month, year

    def _address(self, office: bool) -> str:
        street = self._any(STREETS)
        house = self._int(1, 120)
        tail = f"офис {self._int(1, 40) * 10 + self._int(1, 9)}" if office else f"кв. {self._int(1, 280)}"
        return f"{street}, д. {house}, {tail}"

    def _company_name(self) -> tuple[str, str]:
        """(name without the legal form, Latin slug for its web domain)."""
        if self.rng.random() < 0.7:
            name = self._any(COMPANY_STEMS) + self._any(COMPANY_TAILS)
        else:
            name = self._any(COMPANY_WORDS)
        base = translit(name.replace("№", "n"))
        slug, number = base, 1
        while slug in self.used_slugs:  # two firms may share a name, never a web domain
            number += 1
            slug = f"{base}{number}"
        self.used_slugs.add(slug)
        return name, slug

    # -- one chunk of clients --
    def add_chunk(self, size: int) -> None:
        write_chunk(self.conn, self.make_chunk(size), actor=self.actor, batch_id=self.batch_id)

    def make_chunk(self, size: int) -> Chunk:
        """The next `size` clients as ready-to-insert statements, touching no database.

        Split from the write so a bulk builder (benchmarks/build_base.py) can make chunks in one
        process while another writes them: the rows and the order are the same either way.
        """
        rows: dict[str, list[dict[str, Any]]] = {k: [] for k in (
            "clients", "contacts", "phones", "emails", "interactions", "purchases", "reminders", "consents", "tags")}
        audit_entries: list[dict[str, Any]] = []
        ids = []
        people: list[dict[str, Any]] = []
        twins = 0
        for index in range(size):
            client = self._client(rows)
            if client["kind"] == "person":
                if people and (self.dup_rng.random() < DUPLICATE_SHARE or (index >= DUPLICATE_AT and not twins)):
                    self._duplicate(rows, self.dup_rng.choice(people), client)
                    twins += 1
                else:
                    people.append(client)
            ids.append(client["id"])
            audit_entries.append({"action": "create", "entity": "client", "entity_id": client["id"],
                                  "client_id": client["id"], "new": _audited(client)})
        inserts = []
        for name, table in _CHUNK_TABLES:
            if rows[name]:
                inserts.append(stored_rows(table(), rows[name]))
            self.counts[name] = self.counts.get(name, 0) + len(rows[name])
        return Chunk(inserts, audit_entries, ids)

    def _duplicate(self, rows: dict[str, list[dict[str, Any]]], original: dict[str, Any],
                   copy: dict[str, Any]) -> None:
        """Make `copy` the same person as `original`, typed in again the way people do: the phone
        written another way, "е" for "ё" or no patronymic (e-mail addresses stay one per card). The Duplicates
        window then has real work in a demo base instead of being a dead end."""
        rng = self.dup_rng
        last, first, middle = original["last_name"], original["first_name"], original["middle_name"]
        variant = rng.choice(("yo", "no_middle", "same"))
        if variant == "yo" and "ё" in f"{last}{first}{middle}":
            last, first, middle = (v.replace("ё", "е") if v else v for v in (last, first, middle))
        elif variant != "same":
            middle = None
        shown = display_name("person", last, first, middle, None)
        copy.update(last_name=last, first_name=first, middle_name=middle, display_name=shown, sort_key=fold(shown),
                    gender=original["gender"], city=original["city"], region=original["region"],
                    birth_day=original["birth_day"], birth_month=original["birth_month"],
                    birth_year=original["birth_year"] if rng.random() < 0.5 else None)
        own = [r for r in rows["phones"] if r["client_id"] == original["id"] and r["contact_id"] is None]
        mine = [r for r in rows["phones"] if r["client_id"] == copy["id"] and r["contact_id"] is None]
        if own:
            e164 = own[0]["e164"]
            raw = f"8{e164[2:]}" if e164.startswith("+7") else e164  # "89161234567" beside "+7 916 …"
            if mine:
                mine[0].update(e164=e164, raw=raw)
            else:
                rows["phones"].append(self._phone_row(copy["id"], None, e164, raw, "mobile", 0))
        self.counts["duplicates"] = self.counts.get("duplicates", 0) + 1
        self.twins.append((original["id"], copy["id"]))

    def totals(self) -> dict[str, Any]:
        """What the demo batch keeps: the row counts and the pairs of its own duplicates."""
        return {**self.counts, DUPLICATE_PAIRS: [list(p) for p in self.twins]}

    def _inn(self, region: str, *, person: bool) -> str:
        """An ИНН no other card of this base has: it names one taxpayer (two firms sharing one were a
        duplicate the demo never meant to plant)."""
        while (value := make_inn(self.rng, region, person=person)) in self.used_inns:
            pass
        self.used_inns.add(value)
        return value

    def _client(self, rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
        rng = self.rng
        cid = self._id(m.Client)
        city = rng.choices(CITIES, self.city_weights)[0]
        roll = rng.random()
        kind = "person" if roll < 0.65 else "company" if roll < 0.9 else "ip"
        created = self._moment(self.today - dt.timedelta(days=3 * 365), self.today - dt.timedelta(days=1))
        last = first = middle = gender = company = inn = position = None
        bday: tuple[int | None, int | None, int | None] = (None, None, None)
        slug = None
        if kind in ("person", "ip"):
            last, first, middle, gender = self._person()
            bday = self._birthday((20, 75))
            if kind == "ip":
                inn = self._inn(city.inn_region, person=True)
                position = "индивидуальный предприниматель"
                slug = None
            else:
                position = self._any(PERSON_POSITIONS) if rng.random() < 0.4 else None
        else:
            name, slug = self._company_name()
            form = "АО" if rng.random() < 0.12 else "ООО"
            company = f"{form} «{name}»"
            inn = self._inn(city.inn_region, person=False)
        shown = display_name(kind, last, first, middle, company)
        status = rng.choices(m.CLIENT_STATUSES, (20, 58, 16, 6))[0]
        client: dict[str, Any] = {
            "id": cid, "kind": kind, "last_name": last, "first_name": first, "middle_name": middle,
            "company_name": company, "display_name": shown, "sort_key": fold(shown), "inn": inn,
            "position": position, "address": self._address(kind != "person") if rng.random() < 0.7 else None,
            "city": city.name, "region": city.region, "country": "RU",
            "birth_day": bday[0], "birth_month": bday[1], "birth_year": bday[2], "gender": gender,
            "family_status": self._family_status(gender) if kind == "person" and rng.random() < 0.4 else None,
            "family_note": self._any(["двое детей", "сын учится в школе", "дочь 5 лет", "внуки"])
            if kind == "person" and rng.random() < 0.15 else None,
            "interests": self._any(INTERESTS) if kind != "company" and rng.random() < 0.35 else None,
            "source": self._any(SOURCES) if rng.random() < 0.8 else None,
            "status": status,
            "temperature": rng.choices([None, "cold", "warm", "hot"], (15, 30, 40, 15))[0],
            "behaviour": rng.choices([None, *m.BEHAVIOURS], (30, 20, 15, 10, 15, 10))[0],
            "debtor": False,
            "notes": self._any(["Постоянный клиент с 2019 года.", "Любит, когда напоминают о скидках.",
                                 "Оплата только по безналу.", "Работает с нами через дилера."])
            if rng.random() < 0.2 else None,
            "next_contact_date": self.today + dt.timedelta(days=self._int(-20, 45)) if rng.random() < 0.3 else None,
            "archived": status == "former" and rng.random() < 0.2,
            "created_at": created, "created_by": self.actor, "updated_at": created, "updated_by": self.actor,
            "import_batch_id": self.batch_id, "version": 1,
        }
        rows["clients"].append(client)
        own_emails: list[str] = []
        self._phones_and_emails(rows, client, city, slug, own_emails)
        contacts = self._contacts(rows, client, city, slug)
        self._history(rows, client, contacts, created)
        self._consents(rows, client, own_emails, created)
        for tag_id in rng.sample(self.tag_ids, k=rng.choices((0, 1, 2, 3), (35, 35, 20, 10))[0]):
            rows["tags"].append({"client_id": cid, "tag_id": tag_id})
        return client

    def _family_status(self, gender: str | None) -> str:
        options = ["женат", "не женат", "разведён"] if gender == "m" else ["замужем", "не замужем", "разведена"]
        return self._any(options)

    def _phone_row(self, client_id: int, contact_id: int | None, e164: str, raw: str, kind: str,
                   position: int) -> dict[str, Any]:
        return {"id": self._id(m.Phone), "client_id": client_id, "contact_id": contact_id, "e164": e164, "raw": raw,
                "extension": None, "kind": kind, "is_primary": position == 0, "position": position}

    def _email_row(self, client_id: int, contact_id: int | None, address: str, position: int) -> dict[str, Any]:
        return {"id": self._id(m.Email), "client_id": client_id, "contact_id": contact_id, "address": address,
                "raw": address, "valid": True, "is_primary": position == 0, "position": position}

    def _phones_and_emails(self, rows: dict[str, list[dict[str, Any]]], client: dict[str, Any], city: City,
                           slug: str | None, own_emails: list[str]) -> None:
        rng, cid = self.rng, client["id"]
        phones: list[tuple[str, str, str]] = []
        if client["kind"] == "company":
            phones.append((*self._landline(city), "work"))
            if rng.random() < 0.4:
                phones.append((*self._mobile(), "mobile"))
        else:
            if rng.random() < 0.96:
                phones.append((*self._mobile(), "mobile"))
            if rng.random() < 0.2:
                phones.append((*self._landline(city), self._any(("home", "work"))))
        for pos, (e164, raw, kind) in enumerate(phones):
            row = self._phone_row(cid, None, e164, raw, kind, pos)
            if kind == "work" and rng.random() < 0.15:
                row["extension"] = str(self._int(100, 999))
                row["raw"] = f"{raw} доб. {row['extension']}"
            rows["phones"].append(row)
        if client["kind"] == "company":
            if rng.random() < 0.9:
                own_emails.append(f"{self._any(('info', 'office', 'zakaz', 'sales'))}@{slug}.ru")
        elif rng.random() < 0.75:
            own_emails.append(self._email(client["last_name"], client["first_name"], client["birth_year"]))
        for pos, address in enumerate(own_emails):
            rows["emails"].append(self._email_row(cid, None, address, pos))

    def _contacts(self, rows: dict[str, list[dict[str, Any]]], client: dict[str, Any], city: City,
                  slug: str | None) -> list[tuple[int, str]]:
        """Contact persons (директор, бухгалтер, менеджер…) of companies and some ИП."""
        rng, cid = self.rng, client["id"]
        ip_chance = min(1.0, self.mix.contacts * 0.8)
        if client["kind"] == "company":  # companies are 25 % of clients, ИП 10 %
            count = 1 + self._count(max(0.0, (self.mix.contacts - 0.1 * ip_chance) / 0.25 - 1))
        elif client["kind"] == "ip":
            count = 1 if rng.random() < ip_chance else 0
        else:
            count = 0
        count = min(count, 6)
        made: list[tuple[int, str]] = []
        roles = rng.sample([r for r, _ in CONTACT_ROLES], k=min(count, len(CONTACT_ROLES)))
        for pos in range(count):
            contact_id = self._id(m.ContactPerson)
            last, first, middle, _gender = self._person()
            role = roles[pos] if pos < len(roles) else "manager"
            bday = self._birthday((22, 65))
            rows["contacts"].append({
                "id": contact_id, "client_id": cid, "last_name": last, "first_name": first, "middle_name": middle,
                "role": role, "birth_day": bday[0], "birth_month": bday[1], "birth_year": bday[2],
                "decision_maker": role in ("director", "owner"),
                "preferred_channel": self._any([None, "phone", "email", "messenger"]),
                "notes": "Лучше писать в Telegram." if rng.random() < 0.1 else None,
                "is_primary": pos == 0, "position": pos})
            if rng.random() < 0.85:
                e164, raw = self._mobile()
                rows["phones"].append(self._phone_row(cid, contact_id, e164, raw, "mobile", 0))
            if rng.random() < 0.6:
                address = self._email(last, first, bday[2], domain=f"{slug}.ru" if slug else None)
                rows["emails"].append(self._email_row(cid, contact_id, address, 0))
            made.append((contact_id, f"{first} {middle}"))
        return made

    def _history(self, rows: dict[str, list[dict[str, Any]]], client: dict[str, Any],
                 contacts: list[tuple[int, str]], created: dt.datetime) -> None:
        """Purchases (some unpaid, some of them past due → debtor) and interactions since `created`."""
        rng, cid = self.rng, client["id"]
        business = client["kind"] != "person"
        items, item_cum = self.items[business], self.item_cum[business]
        bought: list[tuple[Item, int]] = []
        # leads (20 %) have bought nothing yet, so the others buy a little more to keep the mean
        for _ in range(self._count(self.mix.purchases / 0.8) if client["status"] != "lead" else 0):
            item = self._pick(items, item_cum)
            qty = self._int(1, item.max_qty) if item.max_qty > 1 and rng.random() < 0.6 else 1
            price = self._int(item.low, item.high) // 10 * 10
            kopecks = self._any((0, 0, 0, 0, 50, rng.randrange(100)))
            amount = (price * 100 + kopecks) * qty
            day = self._moment(created.date(), self.today).date()
            # old invoices got paid long ago; of the recent ones, some are still open (and some past due)
            recent = (self.today - day).days < 75
            paid = not recent or rng.random() > (0.3 if business else 0.12)
            due = day + dt.timedelta(days=self._any((7, 14, 30))) if not paid else None
            if due and due < self.today:
                client["debtor"] = True
            rows["purchases"].append({
                "id": self._id(m.Purchase), "client_id": cid, "date": day, "amount_minor": amount, "currency": "RUB",
                "item": item.name, "quantity": str(qty), "paid": paid, "due_date": due,
                "external_id": f"Р-{self.invoice}", "import_batch_id": self.batch_id})
            self.invoice += 1
            bought.append((item, amount))
        for _ in range(self._count(self.mix.interactions)):
            kind = self._pick(self.kind_names, self.kind_cum)
            subject, template = self._any(INTERACTION_TEXTS[kind])
            item, amount = self._any(bought) if bought else (self._any(items), self._int(1000, 90000) * 100)
            when = self._moment(created.date(), self.last_day)
            contact = self._any(contacts) if contacts and rng.random() < 0.7 else None
            rating = min(10, max(1, round(rng.gauss(8, 2)))) if kind == "feedback" else None
            text = template.format(item=item.name, amount=f"{amount // 100:,}".replace(",", "\u00a0"),
                                   num=self._int(100, 9999), contact=contact[1] if contact else "директор",
                                   rating=rating,
                                   date=f"{when + dt.timedelta(days=2):%d.%m.%Y}" if "{date}" in template else "")
            has_next = rng.random() < 0.15
            rows["interactions"].append({
                "id": self._id(m.Interaction), "client_id": cid, "contact_id": contact[0] if contact else None,
                "kind": kind, "direction": "in" if kind in ("complaint", "support") else self._any(("in", "out")),
                "occurred_at": when, "subject": subject, "text": text,
                "outcome": self._any(OUTCOMES) if kind in ("call", "meeting") and rng.random() < 0.5 else None,
                "rating": rating, "next_step": self._any(NEXT_STEPS) if has_next else None,
                "next_step_date": (when + dt.timedelta(days=self._int(1, 14))).date() if has_next else None,
                "author": self._any(AUTHORS), "private": False, "import_batch_id": self.batch_id,
                "created_at": when})
        if client["debtor"] and client["status"] == "active" and rng.random() < 0.3:
            client["status"] = "problem"
        if rng.random() < 0.12:
            roll = rng.random()
            due = self.today if roll < 0.25 else self.today - dt.timedelta(days=self._int(1, 20)) if roll < 0.55 \
                else self.today + dt.timedelta(days=self._int(1, 30))
            done = rng.random() < 0.15 and due < self.today
            rows["reminders"].append({
                "id": self._id(m.Reminder), "client_id": cid, "contact_id": contacts[0][0] if contacts else None,
                "title": self._any(REMINDER_TITLES), "notes": None, "due_date": due,
                "done_at": dt.datetime.combine(due, dt.time(12)) if done else None, "author": self._any(AUTHORS),
                "created_at": self.now - dt.timedelta(days=self._int(1, 30))})

    def _consents(self, rows: dict[str, list[dict[str, Any]]], client: dict[str, Any], emails: list[str],
                  created: dt.datetime) -> None:
        """E-mail and SMS consents: granted when the client came, some withdrawn later."""
        rng = self.rng
        channels = []
        if emails and rng.random() < 0.7:
            channels.append("email")
        if client["kind"] != "company" and rng.random() < 0.45:
            channels.append("sms")
        for channel in channels:
            source, evidence = self._any(CONSENT_SOURCES)
            granted_at = created + dt.timedelta(minutes=self._int(0, 600))
            events = [("granted", granted_at)]
            if rng.random() < 0.1 and granted_at.date() < self.last_day:
                events.append(("withdrawn", self._moment(granted_at.date() + dt.timedelta(days=1), self.last_day)))
            for status, at in events:
                rows["consents"].append({
                    "id": self._id(m.Consent), "client_id": client["id"], "channel": channel, "purpose": "marketing",
                    "status": status, "at": at, "source": source if status == "granted" else "письмо клиента",
                    "evidence": evidence.format(num=self._int(100, 99999)) if status == "granted"
                    else "Просьба больше не присылать рассылку", "recorded_by": self._any(AUTHORS),
                    "import_batch_id": self.batch_id})


@dataclass
class Chunk:
    """Clients made by `_Generator.make_chunk`: INSERT statements with their rows, audit entries, ids."""

    inserts: list[tuple[str, list[tuple[Any, ...]]]]
    audit_entries: list[dict[str, Any]]
    client_ids: list[int]


# Parents first: rows refer to the clients and contact persons inserted before them.
_CHUNK_TABLES: list[tuple[str, Callable[[], Table]]] = [
    ("clients", lambda: _table(m.Client)), ("contacts", lambda: _table(m.ContactPerson)),
    ("phones", lambda: _table(m.Phone)), ("emails", lambda: _table(m.Email)),
    ("interactions", lambda: _table(m.Interaction)), ("purchases", lambda: _table(m.Purchase)),
    ("reminders", lambda: _table(m.Reminder)), ("consents", lambda: _table(m.Consent)),
    ("tags", lambda: m.client_tags)]


def write_chunk(conn: Connection, chunk: Chunk, *, actor: str, batch_id: int) -> None:
    """Insert a chunk's rows, then its audit entries and search index rows, as typed-in data has them."""
    for sql, data in chunk.inserts:
        conn.exec_driver_sql(sql, data)
    audit.record(conn, chunk.audit_entries, actor=actor, batch_id=batch_id)
    search.reindex(conn, chunk.client_ids)


def stored_rows(table: Table, rows: list[dict[str, Any]]) -> tuple[str, list[tuple[Any, ...]]]:
    """The INSERT for these rows and their values as plain tuples in the stored form SQLAlchemy uses.

    `conn.execute(insert(table), rows)` runs every value through SQLAlchemy's bind processors and
    spent more time there than SQLCipher spent writing; dates go in as the same ISO text, and the
    driver's executemany takes the tuples.
    """
    columns = list(rows[0])
    typed = [(i, f) for i, f in enumerate(_storage_form(table.c[name].type) for name in columns) if f]
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    getter = operator.itemgetter(*columns)
    data = []
    for row in rows:
        values = list(getter(row))
        for i, convert in typed:
            if values[i] is not None:
                values[i] = convert(values[i])
        data.append(tuple(values))
    return sql, data


def _datetime_text(value: dt.datetime) -> str:
    return value.isoformat(" ", "microseconds")  # SQLAlchemy's SQLite DATETIME storage format


def _storage_form(column_type: Any) -> Callable[[Any], Any] | None:
    if isinstance(column_type, DateTime):
        return _datetime_text
    if isinstance(column_type, Date):
        return dt.date.isoformat
    return None  # text, numbers and booleans (an int subclass) go in as they are


def _table(model: type[m.Base]) -> Table:
    return cast(Table, model.__table__)


_NOT_AUDITED = audit.NOT_AUDITED_FIELDS | {"id"}


def _audited(client: dict[str, Any]) -> dict[str, Any]:
    """The client's filled fields, as the ORM's own 'create' entry would list them."""
    return {k: v for k, v in client.items() if k not in _NOT_AUDITED and v not in (None, "", False)}


def sample_names(vault: Vault, limit: int = 10) -> list[str]:
    """The first clients' names (by id): what reproducibility tests compare between two runs."""
    with vault.session() as session:
        return list(session.scalars(select(m.Client.display_name).order_by(m.Client.id).limit(limit)))

