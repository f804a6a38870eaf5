"""City-scale data on top of the demo, for the scale benchmark: `manage.py load_scale_data --scale 1.0`.

At scale 1.0 (COUNTS): 1,000 contact people and 3,000 associations (each in Finnish with its Swedish
translation), 20,000 events (each a Finnish page with its Swedish translation, so 40,000 event pages) with
500,000 sign-ups (one event with 20,000), 3,000 initiatives with 1,000,000 supports (one with 40,000),
30,000 followers of initiatives, 200,000 feedback items with their timelines, 20,000 consultation comments
and 300,000 outbox emails. Every count is multiplied by `scale`; the same seed gives the same data (dates
are counted back from today).

Shapes: dates over five years, more of them recent (the city's channels grow); popularity by a Zipf-like
law (a few initiatives, events, topics and associations get most of everything); four in five residents
write in Finnish, one in five in Swedish. Residents are one population across the modules, so that one
address has feedback, supports, sign-ups, comments and emails (EVERYWHERE_EMAIL has data in every module).
Retention: the daily `apply_retention` is taken to have last run RETENTION_LAST_RUN_DAYS ago, so what fell
due before then is erased and what fell due since is not (apply_retention has work); a few rows more were
erased at the person's request.

Speed: nothing is saved one by one, so no per-row signal runs (no cache bumps, no search index updates).
The many rows (sign-ups, supports, feedback and its timeline, comments, emails) are written as plain rows
by PostgreSQL's COPY in batches (`Rows`; bulk_create on other databases), with ids reserved ahead where
other rows point to them. Pages are put into the tree as treebeard would put them one by one
(`add_children`: paths from the parent's last child, the parent's numchild raised once), their page rows
and specific rows inserted in bulk; pages and snippets in both languages share their translation_key, as
`kumppanuus.translations` makes them. The caches are made stale once, after the commit; on PostgreSQL the
loaded tables are vacuumed and analysed. The new pages are in the search index only with `index_pages`
(`--index`, slow: Wagtail indexes object by object), and they have no revisions (Wagtail's editor starts
from the page itself when a page has none).
"""

import itertools
import json
import math
import random
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import CharField, F, JSONField, Max, TextField
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from engagement.consultations.caching import consultations as consultations_cache
from engagement.consultations.models import Comment, ConsultationSection
from engagement.consultations.pages import ConsultationPage
from engagement.events.caching import events as events_cache
from engagement.events.caching import signups as signups_cache
from engagement.events.models import EventCategory, EventSignupCounter, EventStatus, SignUp
from engagement.events.pages import EventIndexPage, EventPage
from engagement.feedback.caching import feedback as feedback_cache
from engagement.feedback.models import Feedback, FeedbackEvent, FeedbackTopic
from engagement.models import OutgoingEmail
from engagement.proposals.caching import proposals as proposals_cache
from engagement.proposals.models import Follower, Proposal, ProposalState, ProposalTheme, Support
from home.caching import directory as directory_cache
from home.caching import layout as layout_cache
from home.models import (
    AssociationCategory,
    AssociationConfirmation,
    AssociationIndexPage,
    AssociationPage,
    ContactPerson,
    Department,
)
from kumppanuus import pagecache
from kumppanuus.demo.helpers import LANGUAGES, content

# What scale 1.0 makes.
COUNTS = {
    "contacts": 1_000,
    "associations": 3_000,
    "events": 20_000,
    "signups": 500_000,
    "big_event_signups": 20_000,
    "proposals": 3_000,
    "supports": 1_000_000,
    "big_proposal_supports": 40_000,
    "followers": 30_000,
    "feedback": 200_000,
    "comments": 20_000,
    "emails": 300_000,
    "residents": 200_000,
}
YEARS = 5
SPAN_DAYS = 365 * YEARS
RETENTION_LAST_RUN_DAYS = 180
# The most active resident of the city: this address has data in every module (for the privacy tools).
EVERYWHERE_EMAIL = "aktiivinen.asukas@example.com"
BATCH = 5000
SWEDISH_SHARE = 0.2


def counts(scale):
    """COUNTS multiplied by `scale`, at least one of each."""
    return {name: max(1, round(number * scale)) for name, number in COUNTS.items()}


def zipf_split(total, parts, rng, exponent=1.0, offset=10.0):
    """`total` shared over `parts` by a Zipf-like law (weight 1/(rank+offset)^exponent), ranks shuffled:
    a list of `parts` whole numbers that add up to `total`."""
    if parts <= 0:
        return []
    weights = [1 / (rank + offset) ** exponent for rank in range(1, parts + 1)]
    scale = total / sum(weights)
    shares = [weight * scale for weight in weights]
    result = [int(share) for share in shares]
    rest = total - sum(result)
    for index in sorted(range(parts), key=lambda i: shares[i] - result[i], reverse=True)[:rest]:
        result[index] += 1
    rng.shuffle(result)
    return result


def chunks(iterable, size=BATCH):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


MISSING = object()


class Rows:
    """Rows of one model written in batches without signals: PostgreSQL's COPY there, bulk_create elsewhere
    (SQLite in the tests). `add(**values)` takes the model's fields by attname; those with a constant
    default, nullable ones and blank texts may be left out. With `ids`, ids are reserved ahead
    (`next_id()`), so that other rows can point to a row before it is written."""

    def __init__(self, model, counter, ids=False):
        self.model = model
        self.counter = counter
        self.postgres = connection.vendor == "postgresql"
        self.fields = [field for field in model._meta.concrete_fields if ids or not field.primary_key]
        self.names = [field.attname for field in self.fields]
        self.defaults = [self._default(field) for field in self.fields]
        self.json = [index for index, field in enumerate(self.fields) if isinstance(field, JSONField)]
        self.buffer = []
        self._next_id = self._last_id = 0

    @staticmethod
    def _default(field):
        if field.has_default():
            if field.default in (list, dict):
                return field.default()
            return MISSING if callable(field.default) else field.default
        if field.null:
            return None
        if field.blank and isinstance(field, (CharField, TextField)):
            return ""
        return MISSING

    def next_id(self):
        if self._next_id >= self._last_id:
            self._next_id, self._last_id = reserve_ids(self.model, BATCH)
        self._next_id += 1
        return self._next_id - 1

    def add(self, **values):
        row = [values.get(name, default) for name, default in zip(self.names, self.defaults, strict=True)]
        if MISSING in row:
            raise ValueError(f"{self.model.__name__}: no value for {self.names[row.index(MISSING)]}")
        self.buffer.append(row)
        if len(self.buffer) >= BATCH:
            self.flush()

    def flush(self):
        if not self.buffer:
            return
        if self.postgres:
            for row in self.buffer:
                for index in self.json:
                    row[index] = json.dumps(row[index])
            columns = ", ".join(connection.ops.quote_name(field.column) for field in self.fields)
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(self.model._meta.db_table)
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.buffer:
                        copy.write_row(row)
        else:
            self.model.objects.bulk_create([self.model(**dict(zip(self.names, row, strict=True))) for row in self.buffer])
        self.counter[0] += len(self.buffer)
        self.buffer = []


def reserve_ids(model, number):
    """Reserve `number` primary keys of `model`'s table: (first, after the last)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [sequence, sequence, number])
            last = cursor.fetchone()[0]
            return last - number + 1, last + 1
    first = _reserved.get(model)
    if first is None:
        first = (model._base_manager.aggregate(last=Max("pk"))["last"] or 0) + 1
    _reserved[model] = first + number
    return first, first + number


_reserved = {}  # model: the next id to hand out, where the database has no sequence to reserve from


class Residents:
    """The city's people: a name, an address and a language each, picked by activity (a few are very active)."""

    def __init__(self, number, rng, texts):
        self.number = number
        self.rng = rng
        self.languages = ["sv" if rng.random() < SWEDISH_SHARE else "fi" for _ in range(number)]
        self.names = []
        self.emails = []
        for index, language in enumerate(self.languages):
            first = rng.choice(texts[language]["first_names"])
            last = rng.choice(texts[language]["last_names"])
            self.names.append(f"{first} {last}")
            self.emails.append(f"{slugify(first)}.{slugify(last)}.{index}@example.com")
        # Resident 0 is the most active one, with the known address.
        self.names[0], self.emails[0], self.languages[0] = "Aktiivinen Asukas", EVERYWHERE_EMAIL, "fi"
        # Activity: picking with these cumulative weights makes a few people write often (the most active
        # one about a thousand times as often as the least, at every scale).
        offset = max(5, number / 200)
        self._cumulative = list(itertools.accumulate(1 / (rank + offset) for rank in range(number)))

    def pick(self):
        return self.rng.choices(range(self.number), cum_weights=self._cumulative, k=1)[0]

    def sample(self, count, everywhere=False):
        """`count` different people (all of them when count is larger), picked by activity; with
        `everywhere`, the resident with EVERYWHERE_EMAIL among them."""
        if count >= self.number:
            return list(range(self.number))
        chosen = {0} if everywhere else set()
        while len(chosen) < count:
            chosen.update(self.rng.choices(range(self.number), cum_weights=self._cumulative, k=count - len(chosen)))
            if len(chosen) < count and len(chosen) > self.number // 2:
                chosen.update(self.rng.sample(range(self.number), count - len(chosen)))
        return list(chosen)[:count]


class ScaleLoader:
    def __init__(self, scale=1.0, seed=1, stdout=None, index_pages=False):
        self.scale = scale
        self.seed = seed
        self.stdout = stdout
        self.index_pages = index_pages
        self.counts = counts(scale)
        self.timings = []
        # Dates count back from the start of today, so that a seed gives the same data all day.
        self.now = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        self.texts = {language: content(language, "scale") for language in LANGUAGES}
        self.locales = {language: Locale.objects.get(language_code=language) for language in LANGUAGES}
        self.retention_ran = self.now - timedelta(days=RETENTION_LAST_RUN_DAYS)

    # --- tools ---------------------------------------------------------------------------------------

    def rng(self, phase):
        return random.Random(f"{self.seed}:{phase}")

    @staticmethod
    def uuid(rng):
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    def write(self, text):
        if self.stdout is not None:
            self.stdout.write(text + "\n")

    @contextmanager
    def phase(self, name):
        started = time.monotonic()
        rows = [0]
        yield rows
        seconds = time.monotonic() - started
        self.timings.append((name, rows[0], seconds))
        rate = rows[0] / seconds if seconds else 0
        self.write(f"  {name:<22} {rows[0]:>10,} rows {seconds:8.1f} s {rate:>10,.0f} rows/s")

    def when(self, rng, days=SPAN_DAYS, after=None):
        """A moment within the last `days` days (not before `after`), more often recent: the city's
        channels are used more every year."""
        moment = self.now - timedelta(days=days * (1 - math.sqrt(rng.random())), hours=rng.choice(HOURS) - 12)
        if after is not None and moment < after:
            moment = after + timedelta(hours=rng.randint(1, 48))
        return min(moment, self.now)

    def language(self, rng):
        return "sv" if rng.random() < SWEDISH_SHARE else "fi"

    def text(self, language, key, rng, **values):
        return rng.choice(self.texts[language][key]).format(**values)

    # --- the load ------------------------------------------------------------------------------------

    @staticmethod
    def already_loaded():
        """Whether the city-scale data is there (its big event is)."""
        slugs = [f"{slugify(content(language, 'scale')['big_event'])}-1" for language in LANGUAGES]
        return EventPage.objects.filter(slug__in=slugs).exists()

    def load(self):
        self.write(f"City-scale data at scale {self.scale} (seed {self.seed}):")
        started = time.monotonic()
        _reserved.clear()
        with transaction.atomic(), stale_caches_afterwards():
            self.residents = Residents(self.counts["residents"], self.rng("residents"), self.texts)
            self.load_contacts()
            self.load_associations()
            self.load_events()
            self.load_signups()
            self.load_proposals()
            self.load_supports()
            self.load_followers()
            self.load_feedback()
            self.load_comments()
            self.load_emails()
            if self.index_pages:
                self.update_search_index()
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner, and (outside a transaction) the visibility map that
            # index-only scans need, as a database in use has them: the benchmarks measure the steady state.
            vacuum = not connection.in_atomic_block
            with self.phase("vacuum + analyze" if vacuum else "analyze"), connection.cursor() as cursor:
                for model in (Page, EventPage, AssociationPage, ContactPerson, SignUp, Proposal, Support, Feedback,
                              FeedbackEvent, Comment, OutgoingEmail):
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(f"VACUUM (ANALYZE) {table}" if vacuum else f"ANALYZE {table}")
        total = sum(rows for _name, rows, _seconds in self.timings)
        seconds = time.monotonic() - started
        self.write(f"  {'total':<22} {total:>10,} rows {seconds:8.1f} s {total / seconds:>10,.0f} rows/s")
        self.write(
            f"The biggest event: {self.events['fi'][0].url} ({self.counts['big_event_signups']:,} sign-ups); "
            f"the biggest initiative: #{self.proposals[0].pk} ({self.counts['big_proposal_supports']:,} supports); "
            f"an address with data in every module: {EVERYWHERE_EMAIL}."
        )
        return self.timings

    def load_contacts(self):
        rng = self.rng("contacts")
        fi, sv = self.texts["fi"], self.texts["sv"]
        departments = {
            language: list(Department.objects.filter(locale=self.locales[language]).order_by("sort_order", "pk"))
            for language in LANGUAGES
        }
        people_fi, people_sv = [], []
        for number in range(self.counts["contacts"]):
            first, last = rng.choice(fi["first_names"]), rng.choice(fi["last_names"])
            role, topics = rng.randrange(len(fi["roles"])), rng.randrange(len(fi["contact_topics"]))
            department = rng.randrange(len(departments["fi"])) if departments["fi"] else None
            shared = {
                "name": f"{first} {last}",
                "email": f"{slugify(first)}.{slugify(last)}.{number}@kunta.koivula.example",
                "phone": f"+358 40 {200 + number // 10000:03d} {number % 10000:04d}",
                "languages": ["fi", "sv"] if rng.random() < 0.5 else ["fi"],
                "sort_order": 1000 + number % 30000,
                "translation_key": self.uuid(rng),
            }
            for people, texts, language in ((people_fi, fi, "fi"), (people_sv, sv, "sv")):
                people.append(ContactPerson(
                    locale=self.locales[language], role=texts["roles"][role], topics=texts["contact_topics"][topics],
                    availability=texts["availability"],
                    department=departments[language][department] if department is not None and departments[language] else None,
                    **shared,
                ))
        with self.phase("contact people") as rows:
            for batch in chunks(people_fi + people_sv):
                ContactPerson.objects.bulk_create(batch)
                rows[0] += len(batch)
        self.contacts = {"fi": people_fi, "sv": people_sv}

    def load_associations(self):
        rng = self.rng("associations")
        directories = {
            language: AssociationIndexPage.objects.get(locale=self.locales[language]) for language in LANGUAGES
        }
        categories = list(AssociationCategory.objects.filter(locale=self.locales["fi"]).order_by("pk"))
        pages = {"fi": [], "sv": []}
        category_links = []
        confirmations = []
        for number in range(self.counts["associations"]):
            area, kind = rng.randrange(10), rng.randrange(10)
            intro, join = rng.randrange(8), rng.randrange(4)
            place = rng.randrange(len(self.texts["fi"]["meeting_places"]))
            key = self.uuid(rng)
            published = self.when(rng)
            email_name = f"yhdistys{number}"
            shared = {
                "translation_key": key,
                "languages": ["fi", "sv"] if rng.random() < 0.3 else (["sv"] if rng.random() < 0.15 else ["fi"]),
                "contact_name": self.residents.names[self.residents.pick()],
                "contact_email": f"{email_name}@yhdistys.example",
                "contact_phone": f"+358 50 {number // 10000:03d} {number % 10000:04d}",
                "register_number": f"{100 + number // 1000}.{number % 1000:03d}" if rng.random() < 0.7 else "",
                "steward_email": f"hallitus.{email_name}@yhdistys.example",
            }
            for language in LANGUAGES:
                texts = self.texts[language]
                title = f"{texts['areas'][area]} {texts['association_kinds'][kind]} {number + 1}"
                pages[language].append(AssociationPage(
                    title=title, slug=slugify(title), intro=texts["association_intros"][intro],
                    area=texts["districts"][area], how_to_join=texts["how_to_join"][join],
                    meeting_place=texts["meeting_places"][place], locale=self.locales[language],
                    **self.published_fields(published), **shared,
                ))
            for category in rng.sample(categories, min(len(categories), rng.choice((1, 1, 2, 3)))):
                category_links.append((number, category.pk))
            if rng.random() < 0.8:
                confirmations.append(AssociationConfirmation(
                    translation_key=key, confirmed_at=self.when(rng, days=720, after=published)
                ))
        with self.phase("association pages") as rows:
            for language in LANGUAGES:
                rows[0] += add_children(directories[language], pages[language])
        through = AssociationPage.categories.through
        with self.phase("association links") as rows:
            links = [through(associationpage_id=pages["fi"][number].pk, associationcategory_id=category)
                     for number, category in category_links]
            for model, objects in ((through, links), (AssociationConfirmation, confirmations)):
                for batch in chunks(objects):
                    model.objects.bulk_create(batch)
                    rows[0] += len(batch)
        self.associations = pages

    def published_fields(self, moment):
        return {
            "live": True, "has_unpublished_changes": False, "first_published_at": moment,
            "last_published_at": moment, "latest_revision_created_at": moment,
        }

    def load_events(self):
        rng = self.rng("events")
        indexes = {language: EventIndexPage.objects.get(locale=self.locales[language]) for language in LANGUAGES}
        categories = {
            language: list(EventCategory.objects.filter(locale=self.locales[language]).order_by("slug"))
            for language in LANGUAGES
        }
        association_popularity = list(itertools.accumulate(
            zipf_split(10_000, len(self.associations["fi"]), rng)
        ))
        pages = {"fi": [], "sv": []}
        self.event_facts = []  # (start, end) of each event, in the order of the pages
        number_of_events = self.counts["events"]
        # Which events take sign-ups and how many they get: the first event is the big one.
        plan = self.rng("signup-plan")
        with_signup = [number for number in range(1, number_of_events) if plan.random() < 0.4]
        self.signup_sizes = {0: self.counts["big_event_signups"]}
        self.signup_sizes.update(zip(with_signup, zip_counts(
            self.counts["signups"] - self.counts["big_event_signups"], len(with_signup), plan,
            cap=self.counts["big_event_signups"] - 1,
        ), strict=True))
        capacities = {}
        for number, size in self.signup_sizes.items():
            if number == 0:
                capacities[number] = int(size * 0.9)  # full, with a waiting list
            elif plan.random() < 0.2:
                capacities[number] = max(1, int(size * 0.75))
            else:
                capacities[number] = size * plan.choice((1, 2, 3)) + 5
        for number in range(number_of_events):
            big = number == 0
            # A tenth of the events are still to come (the next six months), the rest over five years.
            if big:
                start = self.now + timedelta(days=30, hours=10)
            elif rng.random() < 0.1:
                start = self.now + timedelta(days=rng.randint(0, 180), hours=rng.choice(HOURS))
            else:
                start = self.when(rng).replace(minute=0, second=0, microsecond=0)
            end = start + timedelta(minutes=rng.choice((60, 90, 120, 120, 180, 240)))
            if big:
                end = start + timedelta(hours=10)
            kind, area, intro = rng.randrange(12), rng.randrange(10), rng.randrange(6)
            description = rng.randrange(4)
            organiser = None
            if rng.random() < 0.6 and self.associations["fi"]:
                organiser = rng.choices(range(len(self.associations["fi"])), cum_weights=association_popularity)[0]
            category = rng.randrange(len(categories["fi"])) if categories["fi"] else None
            contact = rng.randrange(len(self.contacts["fi"])) if rng.random() < 0.3 else None
            signup = number in self.signup_sizes
            status = EventStatus.SCHEDULED
            roll = rng.random()
            if not big and roll < 0.03:
                status = EventStatus.CANCELLED
            elif not big and roll < 0.04:
                status = EventStatus.POSTPONED
            elif not big and roll < 0.05:
                status = EventStatus.MOVED_ONLINE
            street = rng.randrange(10)
            address = f"{self.texts['fi']['streets'][street]} {rng.randint(1, 60)}, 12345 Koivula"
            questions = signup and rng.random() < 0.1
            shared = {
                "translation_key": self.uuid(rng),
                "start": start, "end": end, "status": status, "address": address,
                "map_url": f"https://www.openstreetmap.org/search?query={address.replace(' ', '+')}",
                "languages": rng.choices((["fi", "sv"], ["fi"], ["sv"]), cum_weights=(40, 92, 100))[0],
                "accessibility": rng.sample(["step_free", "induction_loop", "accessible_toilet", "lift"], rng.randint(0, 3)),
                "signup_enabled": signup,
                "signup_closes": start - timedelta(hours=12) if signup else None,
                "capacity": capacities.get(number),
                "max_companions": rng.choice((0, 0, 1, 2)) if signup and not big else 0,
            }
            published = min(start - timedelta(days=rng.randint(7, 60)), self.now)
            for language in LANGUAGES:
                texts = self.texts[language]
                if big:
                    title, page_intro = texts["big_event"], texts["big_event_intro"]
                else:
                    title = f"{texts['event_kinds'][kind]} {texts['places'][area]}"
                    page_intro = texts["event_intros"][intro]
                # Titles repeat (a library's story hour is held every week); the number makes the slug unique.
                page = EventPage(
                    title=title, slug=f"{slugify(title)}-{number + 1}", intro=page_intro,
                    description=texts["event_descriptions"][description], locale=self.locales[language],
                    organiser=self.associations[language][organiser] if organiser is not None else None,
                    category=categories[language][category] if category is not None else None,
                    contact=self.contacts[language][contact] if contact is not None else None,
                    **self.published_fields(published), **shared,
                )
                if questions:
                    page.extra_questions = [("question", texts["question"])]
                pages[language].append(page)
            self.event_facts.append((start, end))
        with self.phase("event pages") as rows:
            for language in LANGUAGES:
                rows[0] += add_children(indexes[language], pages[language])
        self.events = pages

    def load_signups(self):
        rng = self.rng("signups")
        counters = []
        with self.phase("sign-ups") as rows:
            signups = Rows(SignUp, rows, ids=True)
            for number, size in self.signup_sizes.items():
                start, end = self.event_facts[number]
                page = self.events["fi"][number]
                counters.append(EventSignupCounter(event_key=page.translation_key))
                capacity = page.capacity
                taken = 0
                opened = min(start - timedelta(days=rng.randint(14, 60)), self.now)
                ended = end < self.now
                erased = end < self.retention_ran - timedelta(days=30)
                for person in self.residents.sample(size, everywhere=number == 0):
                    created = min(opened + (min(start, self.now) - opened) * rng.random() ** 0.5, self.now)
                    people = 1 + (rng.randint(0, page.max_companions) if page.max_companions else 0)
                    cancelled = rng.random() < 0.05
                    status = SignUp.Status.CANCELLED if cancelled else (
                        SignUp.Status.CONFIRMED if taken + people <= capacity else SignUp.Status.WAITING
                    )
                    if status == SignUp.Status.CONFIRMED:
                        taken += people
                    by_request = rng.random() < 0.005 and person != 0
                    gone = erased or by_request
                    # Answers are erased right after the event, by the job that last ran retention_ran.
                    answers_erased = (end + timedelta(hours=1)) if end < self.retention_ran else (
                        self.now if by_request else None)
                    answers = []
                    if page.extra_questions and not answers_erased:
                        answers = [{"question": self.texts["fi"]["question"], "answer": rng.choice(("-", "vegaani"))}]
                    pk = signups.next_id()
                    signups.add(
                        id=pk, event_key=page.translation_key, event_id=page.pk,
                        name="" if gone else self.residents.names[person],
                        # An erased sign-up's address is a unique placeholder, as the retention policy leaves it.
                        email=f"erased-{pk}@invalid" if gone else self.residents.emails[person],
                        people=people, answers=answers, language=self.residents.languages[person], status=status.value,
                        token=self.uuid(rng), created_at=created,
                        cancelled_at=created + timedelta(hours=rng.randint(1, 72)) if cancelled else None,
                        attended=(rng.random() < 0.85) if ended and status == SignUp.Status.CONFIRMED else None,
                        event_ends_at=end,
                        erased_at=(end + timedelta(days=31)) if erased else (self.now if by_request else None),
                        answers_erased_at=answers_erased,
                    )
            signups.flush()
            EventSignupCounter.objects.bulk_create(counters, batch_size=BATCH)
            rows[0] += len(counters)

    def load_proposals(self):
        rng = self.rng("proposals")
        states = {state.slug: state for state in ProposalState.objects.all()}
        themes = list(ProposalTheme.objects.filter(locale=self.locales["fi"]).order_by("pk"))
        theme_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(themes))))
        proposals = []
        for number in range(self.counts["proposals"]):
            big = number == 0
            # The second one closed 400 days ago: its supporters' data is due for erasure.
            due = number == 1
            language = "fi" if big else self.language(rng)
            texts = self.texts[language]
            created = self.now - timedelta(days=120) if big else self.when(rng)
            if due:
                created = self.now - timedelta(days=700)
            age = (self.now - created).days
            roll = rng.random()
            moderation = Proposal.Moderation.PUBLISHED
            if not (big or due) and roll < 0.03:
                moderation = Proposal.Moderation.REJECTED
            elif not (big or due) and roll < 0.04:
                moderation = Proposal.Moderation.MERGED
            elif not big and age < 7 and roll < 0.5:
                moderation = Proposal.Moderation.PENDING
            if moderation == Proposal.Moderation.PENDING:
                state = "received"
            elif big or age < 60:
                state = "published"
            elif age < 200:
                state = rng.choice(("published", "in-preparation", "in-preparation"))
            else:
                state = rng.choice(("accepted", "partly-accepted", "not-accepted", "implemented", "closed", "closed"))
            state = states["closed" if due else state]
            published = created + timedelta(days=rng.randint(1, 5)) if moderation != Proposal.Moderation.PENDING else None
            closed = None
            if state.is_closed or moderation in (Proposal.Moderation.REJECTED, Proposal.Moderation.MERGED):
                closed = min(created + timedelta(days=rng.randint(150, 400)), self.now - timedelta(days=1))
            if due:
                closed = self.now - timedelta(days=400)
            answered = state.is_decision
            area = rng.randrange(10)
            proposal = Proposal(
                title=self.text(language, "proposal_titles", rng, area=texts["areas"][area]),
                summary=self.text(language, "proposal_summaries", rng),
                text=self.text(language, "proposal_texts", rng),
                theme=rng.choices(themes, cum_weights=theme_weights)[0] if themes else None,
                language=language, proposer_name=self.residents.names[self.residents.pick()],
                show_name=rng.random() < 0.4, proposer_email=self.residents.emails[self.residents.pick()],
                association=self.associations["fi"][rng.randrange(len(self.associations["fi"]))]
                if rng.random() < 0.15 else None,
                state=state, moderation=moderation, notified_state=state if published else None,
                private_token=self.uuid(rng), created_at=created, updated_at=closed or published or created,
                published_at=published, closed_at=closed,
                rejection_reason=texts["closing_reason"] if moderation == Proposal.Moderation.REJECTED else "",
            )
            if answered:
                answer = rng.randrange(4)
                proposal.answer_text = self.texts["fi"]["proposal_answers"][answer]
                proposal.answer_text_sv = self.texts["sv"]["proposal_answers"][answer]
                proposal.answer_decided_by = texts["decided_by"]
                proposal.answered_at = min(created + timedelta(days=rng.randint(90, 180)), self.now)
                proposal.answer_date = proposal.answered_at.date()
            if closed and closed < self.retention_ran - timedelta(days=365):
                proposal.supporters_erased_at = closed + timedelta(days=366)
            proposals.append(proposal)
        with self.phase("proposals") as rows, no_auto_now(Proposal):
            for batch in chunks(proposals):
                Proposal.objects.bulk_create(batch)
                rows[0] += len(batch)
        self.proposals = proposals

    def load_supports(self):
        rng = self.rng("supports")
        takes = [number for number, proposal in enumerate(self.proposals)
                 if number and proposal.moderation == Proposal.Moderation.PUBLISHED]
        sizes = dict(zip(takes, zip_counts(
            self.counts["supports"] - self.counts["big_proposal_supports"], len(takes), rng,
            cap=self.counts["big_proposal_supports"] - 1,
        ), strict=True))
        sizes[0] = self.counts["big_proposal_supports"]
        threshold = []

        with self.phase("supports") as rows:
            supports = Rows(Support, rows)
            for number, size in sizes.items():
                proposal = self.proposals[number]
                opened = proposal.published_at or proposal.created_at
                until = proposal.closed_at or proposal.answered_at or self.now
                erased = proposal.supporters_erased_at is not None
                for person in self.residents.sample(size, everywhere=number == 0):
                    created = opened + (until - opened) * rng.random() ** 2
                    confirmed = created + timedelta(minutes=rng.randint(1, 600)) if rng.random() < 0.92 else None
                    by_request = not erased and rng.random() < 0.003 and person != 0
                    supports.add(
                        proposal_id=proposal.pk,
                        name="" if erased or by_request else self.residents.names[person],
                        email="" if erased or by_request else self.residents.emails[person],
                        language=self.residents.languages[person], created_at=created,
                        confirmed_at=confirmed,
                        withdrawn_at=created + timedelta(days=rng.randint(1, 30))
                        if confirmed and rng.random() < 0.02 else None,
                        confirm_nonce=self.uuid(rng), token=self.uuid(rng),
                        erased_at=proposal.supporters_erased_at if erased else (self.now if by_request else None),
                    )
                if size >= 100:
                    threshold.append(proposal.pk)
            supports.flush()
            for batch in chunks(threshold):
                Proposal.objects.filter(pk__in=batch, threshold_reached_at__isnull=True).update(
                    threshold_reached_at=F("published_at") + timedelta(days=20)
                )

    def load_followers(self):
        """People who follow initiatives to hear of their progress; those of initiatives closed before the
        retention job last ran a year after are gone (the job deletes them), those since are due."""
        rng = self.rng("followers")
        gone = self.retention_ran - timedelta(days=365)
        follows = [number for number, proposal in enumerate(self.proposals)
                   if proposal.published_at and not (proposal.closed_at and proposal.closed_at < gone)]
        with self.phase("followers") as rows:
            followers = Rows(Follower, rows)
            for number, size in zip(follows, zipf_split(self.counts["followers"], len(follows), rng), strict=True):
                proposal = self.proposals[number]
                until = proposal.closed_at or self.now
                for person in self.residents.sample(size, everywhere=number == 0):
                    created = proposal.published_at + (until - proposal.published_at) * rng.random()
                    followers.add(
                        proposal_id=proposal.pk, email=self.residents.emails[person],
                        language=self.residents.languages[person], created_at=created,
                        confirmed_at=created + timedelta(minutes=rng.randint(1, 300)) if rng.random() < 0.9 else None,
                        confirm_nonce=self.uuid(rng), token=self.uuid(rng),
                    )
            followers.flush()

    def load_feedback(self):
        rng = self.rng("feedback")
        topics = list(FeedbackTopic.objects.filter(locale=self.locales["fi"]).order_by("sort_order", "pk"))
        topic_weights = list(itertools.accumulate(zipf_split(1000, len(topics), rng, offset=1)))
        channels = [choice for choice, _label in Feedback.Channel.choices]
        channel_weights = list(itertools.accumulate((70, 10, 3, 5, 7, 5)))
        cutoff = self.retention_ran - timedelta(days=365)

        with self.phase("feedback + timelines") as rows, no_auto_now(Feedback):
            items, timelines = Rows(Feedback, rows, ids=True), Rows(FeedbackEvent, rows)
            for number in range(self.counts["feedback"]):
                # The first is from the resident with EVERYWHERE_EMAIL, ten days ago, with contact details.
                person = self.residents.pick() if number else 0
                language = self.residents.languages[person]
                texts = self.texts[language]
                topic = rng.choices(topics, cum_weights=topic_weights)[0]
                created = self.when(rng) if number else self.now - timedelta(days=10)
                age = (self.now - created).days
                roll = rng.random()
                if age > 60:
                    status = "closed" if roll < 0.7 else "answered" if roll < 0.95 else "in_progress" if roll < 0.98 else "received"
                elif age > 7:
                    status = "closed" if roll < 0.3 else "answered" if roll < 0.6 else "in_progress" if roll < 0.85 else "received"
                else:
                    status = "answered" if roll < 0.2 else "in_progress" if roll < 0.5 else "received"
                gives = rng.random() if number else 0
                place = self.text(language, "places", rng)
                consent = rng.random() < 0.6
                feedback = {
                    "id": items.next_id(), "topic_id": topic.pk,
                    "message": f"{self.text(language, 'feedback_subjects', rng, place=place)} "
                               f"{self.text(language, 'feedback_details', rng)}",
                    "place": place if rng.random() < 0.6 else "",
                    "name": self.residents.names[person] if gives < 0.5 else "",
                    "email": self.residents.emails[person] if gives < 0.55 else "",
                    "phone": f"+358 40 {person // 10000:03d} {person % 10000:04d}" if gives < 0.1 else "",
                    "wants_reply": gives < 0.55 and rng.random() < 0.7, "publish_consent": consent,
                    "language": language, "channel": rng.choices(channels, cum_weights=channel_weights)[0],
                    "status": status, "token": self.uuid(rng), "created_at": created,
                    "due_at": created + timedelta(days=topic.promised_days),
                }
                events = [{"kind": "received", "status": "received", "created_at": created}]
                moment = created
                if status != "received":
                    moment = moment + timedelta(hours=rng.randint(1, 72))
                    events.append({"kind": "status", "status": "in_progress", "created_at": moment})
                    if rng.random() < 0.3:
                        moment = moment + timedelta(hours=rng.randint(1, 48))
                        events.append({"kind": "note", "text": self.text(language, "feedback_notes", rng),
                                       "created_at": moment})
                if status in ("answered", "closed") and rng.random() < 0.9:
                    moment = moment + timedelta(days=rng.randint(0, 20), hours=rng.randint(1, 8))
                    answer = self.text(language, "feedback_answers", rng)
                    feedback.update(public_answer=answer, answer_published=consent and rng.random() < 0.7,
                                    answered_at=moment)
                    events.append({"kind": "answer", "status": "answered", "text": answer, "created_at": moment})
                if status == "closed":
                    moment = moment + timedelta(days=rng.randint(1, 14))
                    reason = "" if feedback.get("public_answer") else texts["closing_reason"]
                    feedback.update(closed_at=moment, closing_reason=reason)
                    events.append({"kind": "closed", "status": "closed", "text": reason, "created_at": moment})
                    if moment < cutoff or (rng.random() < 0.003 and number):
                        feedback.update(name="", email="", phone="",
                                        erased_at=moment + timedelta(days=366) if moment < cutoff else self.now)
                        for event in events:
                            if event["kind"] == "note":
                                event["text"] = ""
                feedback["updated_at"] = min(moment, self.now)
                items.add(**feedback)
                for event in events:
                    event["created_at"] = min(event["created_at"], self.now)
                    timelines.add(feedback_id=feedback["id"], **event)
            items.flush()
            timelines.flush()

    def load_comments(self):
        rng = self.rng("comments")
        consultations = list(ConsultationPage.objects.order_by("pk"))
        if not consultations:
            return
        sections = {}
        for section in ConsultationSection.objects.order_by("pk"):
            sections.setdefault(section.page_id, []).append(section)
        weights = list(itertools.accumulate(1 if page.locale_id == self.locales["sv"].pk else 4 for page in consultations))

        with self.phase("consultation comments") as rows:
            comments = Rows(Comment, rows)
            for number in range(self.counts["comments"]):
                page = rng.choices(consultations, cum_weights=weights)[0]
                language = "sv" if page.locale_id == self.locales["sv"].pk else "fi"
                person = self.residents.pick() if number else 0
                ends = min(page.closes_at, self.now)
                created = page.opens_at + (ends - page.opens_at) * rng.random() if ends > page.opens_at else ends
                roll = rng.random()
                status = "published" if roll < 0.85 else "pending" if roll < 0.93 else "rejected" if roll < 0.97 else "hidden"
                gives = rng.random() < 0.4 or not number
                comments.add(
                    consultation_id=page.pk,
                    section_id=rng.choice(sections[page.pk]).pk if sections.get(page.pk) and rng.random() < 0.7 else None,
                    text=self.text(language, "comments", rng), language=language,
                    nickname=self.residents.names[person].split()[0] if rng.random() < 0.6 else "",
                    email=self.residents.emails[person] if gives else "", status=status,
                    agree_count=int(rng.paretovariate(1.5)) - 1 if status == "published" else 0,
                    created_at=created,
                    moderated_at=created + timedelta(hours=rng.randint(1, 30)) if status != "pending" else None,
                )

            comments.flush()

    def load_emails(self):
        rng = self.rng("emails")
        templates = ["feedback/emails/receipt", "proposals/emails/confirm_support", "events/emails/confirmed",
                     "events/emails/reminder", "feedback/emails/answer", "proposals/emails/state_changed"]
        template_weights = list(itertools.accumulate((30, 25, 25, 10, 7, 3)))
        # Sent emails are kept EMAIL_RETENTION_DAYS (90): the outbox holds those days and those since the
        # retention job last ran.
        days = 90 + RETENTION_LAST_RUN_DAYS

        with self.phase("outbox emails") as rows, no_auto_now(OutgoingEmail):
            emails = Rows(OutgoingEmail, rows)
            for number in range(self.counts["emails"]):
                person = self.residents.pick() if number else 0
                language = self.residents.languages[person]
                kind = rng.choices(range(len(templates)), cum_weights=template_weights)[0]
                created = self.now - timedelta(days=days * rng.random())
                roll = rng.random()
                recent = self.now - created < timedelta(hours=1)
                status = OutgoingEmail.Status.PENDING if recent and roll < 0.5 else (
                    OutgoingEmail.Status.FAILED if roll < 0.01 else OutgoingEmail.Status.SENT
                )
                emails.add(
                    to=[self.residents.emails[person]], subject=self.texts[language]["email_subjects"][kind],
                    body_text=self.texts[language]["email_body"], language=language, template=templates[kind],
                    status=status.value, attempts=0 if status == "pending" else (5 if status == "failed" else 1),
                    last_error="SMTP 550 mailbox unavailable" if status == "failed" else "",
                    created_at=created, next_attempt_at=created,
                    sent_at=created + timedelta(seconds=rng.randint(1, 120)) if status == "sent" else None,
                )

            emails.flush()

    def update_search_index(self):
        backend = get_search_backend()
        with self.phase("search index") as rows:
            for model, objects in ((ContactPerson, self.contacts), (AssociationPage, self.associations),
                                   (EventPage, self.events)):
                for language in LANGUAGES:
                    for batch in chunks(objects[language], 1000):
                        backend.add_bulk(model, batch)
                        rows[0] += len(batch)


HOURS = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 10, 13, 17, 18]


def zip_counts(total, parts, rng, cap):
    """`total` over `parts` by zipf_split, no part above `cap` (what is over goes to the others)."""
    sizes = zipf_split(total, parts, rng)
    over = 0
    for index, size in enumerate(sizes):
        if size > cap:
            over += size - cap
            sizes[index] = cap
    while over and any(size < cap for size in sizes):
        for index in range(parts):
            if over and sizes[index] < cap:
                sizes[index] += 1
                over -= 1
    return sizes


@contextmanager
def no_auto_now(*models):
    """Keep the dates set on the objects (created_at, updated_at) instead of now while loading."""
    changed = []
    for model in models:
        for field in model._meta.concrete_fields:
            for flag in ("auto_now", "auto_now_add"):
                if getattr(field, flag, False):
                    setattr(field, flag, False)
                    changed.append((field, flag))
    try:
        yield
    finally:
        for field, flag in changed:
            setattr(field, flag, True)


def add_children(parent, pages):
    """Put `pages` (unsaved pages of one specific type, with their fields, locale and translation_key set)
    under `parent` as its last children, in bulk, as treebeard's add_child would one by one: each gets
    the next path step after the parent's last child, the depth below it and its url_path, and the
    parent's numchild goes up once. Returns the number of pages added."""
    if not pages:
        return 0
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen:]) if last is not None else 0
    model = type(pages[0])
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
    child_fields = [field for field in model._meta.local_concrete_fields]
    for batch in chunks(pages, 2000):
        # The page rows first (their ids come back), then the specific rows that point to them. Django's
        # bulk_create cannot do both for a multi-table model, so the second step inserts the model's own
        # table as Model.save() does for a child table (QuerySet._insert).
        Page.objects.bulk_create(batch)
        for page in batch:
            page.page_ptr_id = page.id
            page._state.adding = False
        size = max(1, connection.ops.bulk_batch_size(child_fields, batch))
        for part in chunks(batch, size):
            model._base_manager._insert(part, fields=child_fields, using=connection.alias)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return len(pages)


@contextmanager
def stale_caches_afterwards():
    """The rows go in without signals: once loaded (after the commit), every cached page and fragment is stale."""
    yield
    transaction.on_commit(_bump_caches)


def _bump_caches():
    for namespace in (consultations_cache, events_cache, signups_cache, feedback_cache, proposals_cache,
                      directory_cache, layout_cache, pagecache.pages):
        namespace.bump()
