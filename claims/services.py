"""The write path for claims and citations: the API, the admin and the importer all call these."""

import copy
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.anchoring import Anchor, anchor_at, locate
from claims.claimreview import ReviewArticle
from claims.claimreview import review_article as _review_article
from claims.models import (
    REVIEW_TITLE_MAX_CHARS,
    REVIEW_URL_MAX_CHARS,
    Citation,
    CitationRank,
    CitationRelation,
    Claim,
    ClaimOrigin,
    ClaimRelation,
    ClaimStatus,
    RelationKind,
    RelationStatus,
    Verdict,
)
from claims.quote_matching import find_quote
from claims.team import notify_assigned
from factbase.db import service_transaction, validate_each
from factbase.json_insert import insert_as_json
from factbase.updates import StaleVersionError, ensure_editable, model_update
from factbase.users import User
from sources.models import Entity, Source
from sources.services import entity_update

# Setting a verdict, or marking a claim reviewed or published, is a review decision.
REVIEW_PERMISSION = "claims.review_claim"
# Fields whose change is an editorial review decision (needs REVIEW_PERMISSION).
REVIEW_FIELDS = frozenset({"verdict", "explanation", "review_url", "review_title"})
REVIEWED_STATUSES = frozenset({ClaimStatus.REVIEWED, ClaimStatus.PUBLISHED})
# Bookkeeping anyone may change, even on a reviewed claim: it says nothing about the claim.
WORKFLOW_FIELDS = frozenset({"assignee", "tags"})
CLAIM_EDITABLE_FIELDS = frozenset(
    {
        "text",
        "claimant",
        "claimed_on",
        "status",
        "verdict",
        "explanation",
        "tags",
        "check_worthiness",
        "assignee",
        "review_url",
        "review_title",
    }
)
# Fields the publication rule depends on: changing one of a published claim re-checks it.
PUBLICATION_FIELDS = frozenset({"status", "verdict", "explanation", "review_url", "review_title"})


def is_review_change(claim: Claim, changes: dict[str, Any]) -> bool:
    """Whether applying `changes` to `claim` is a review decision.

    That is setting a verdict or explanation, marking the claim reviewed or published, or any
    change at all to a claim already reviewed or published (its verdict vouches for exactly
    what was reviewed; rewording or unpublishing it is the reviewer's call).
    """
    real = {field: value for field, value in changes.items() if getattr(claim, field) != value}
    if not real:
        return False
    if claim.status in REVIEWED_STATUSES and set(real) - WORKFLOW_FIELDS:
        return True
    return bool(REVIEW_FIELDS & set(real)) or real.get("status") in REVIEWED_STATUSES


def ensure_may_review(user: User | None) -> None:
    """PermissionDenied unless `user` may make review decisions (None: the system itself)."""
    if user is not None and not user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied("Only a fact-checker (claims.review_claim) can do this.")


# --- Publication ---------------------------------------------------------------------------


def review_article(claim: Claim) -> ReviewArticle:
    """Where the newsroom publishes its review of `claim`, and its headline: the claim's own
    `review_url` / `review_title`, else the newsroom's templates (FACTBASE_REVIEW_ARTICLE)."""
    return _review_article(claim, templates=settings.FACTBASE_REVIEW_ARTICLE)


def publication_problems(claim: Claim) -> dict[str, list[str]]:
    """What stops `claim`, as it stands, from being published, by field; empty when nothing.

    A published fact-check states a verdict (not unrated), explains it, and lives at the
    newsroom's review article: a public http(s) URL and a headline, from the claim or from the
    newsroom's templates. The API and the admin both refuse a publication with these problems.
    """
    problems: dict[str, list[str]] = {}
    if claim.verdict == Verdict.UNRATED:
        problems["verdict"] = ["Publishing needs a verdict (not unrated)."]
    if not claim.explanation.strip():
        problems["explanation"] = ["Publishing needs an explanation of the verdict."]
    article = review_article(claim)
    if not article.url:
        problems["review_url"] = [
            "Publishing needs the URL of the review article: set it on the claim, or have an "
            "administrator set the newsroom's review URL template (FACTBASE_REVIEW_URL)."
        ]
    else:
        try:
            URLValidator(schemes=["http", "https"])(article.url)
        except ValidationError:
            problems["review_url"] = [f"The review URL {article.url!r} is not an http(s) URL."]
        if len(article.url) > REVIEW_URL_MAX_CHARS:
            problems["review_url"] = [
                f"The review URL is longer than {REVIEW_URL_MAX_CHARS} characters."
            ]
    if not article.title.strip():
        problems["review_title"] = [
            "Publishing needs the headline of the review article: set it on the claim, or have "
            "an administrator set the newsroom's review title template (FACTBASE_REVIEW_TITLE)."
        ]
    elif len(article.title) > REVIEW_TITLE_MAX_CHARS:
        problems["review_title"] = [
            f"The review headline is longer than {REVIEW_TITLE_MAX_CHARS} characters; set a "
            "shorter one on the claim."
        ]
    return problems


def ensure_publishable(claim: Claim) -> None:
    """ValidationError, field by field, unless `claim` may be published as it stands."""
    problems = publication_problems(claim)
    if problems:
        raise ValidationError(problems)


def may_change_evidence(claim: Claim, user: User | None) -> bool:
    """Whether `user` may add, change, deprecate or remove citations of `claim`.

    The citations of a reviewed or published claim are the evidence its verdict rests on (and
    its ClaimReview shows): changing them is a review decision, like rewording the claim.
    None is the system itself (the importer).
    """
    return claim.status not in REVIEWED_STATUSES or user is None or user.has_perm(REVIEW_PERMISSION)


def ensure_may_change_evidence(claim: Claim, user: User | None) -> None:
    """PermissionDenied unless `user` may change the citations of `claim`."""
    if not may_change_evidence(claim, user):
        raise PermissionDenied(
            f"This claim is {claim.get_status_display().lower()}: only a fact-checker "
            "(claims.review_claim) can change the evidence it rests on."
        )


# What a new claim may be given beyond its statement: the review and workflow fields, applied
# by the same rules as an update (a review decision needs REVIEW_PERMISSION).
CLAIM_CREATE_LATER_FIELDS = frozenset(
    {"status", "verdict", "explanation", "review_url", "review_title", "assignee"}
)


@transaction.atomic
def claim_create(
    *,
    text: str,
    claimant: Entity | None = None,
    claimed_on: date | None = None,
    origin: str = ClaimOrigin.ENTERED,
    check_worthiness: float | None = None,
    tags: Iterable[str] = (),
    fact_key: str = "",
    created_by: User | None = None,
    review: dict[str, Any] | None = None,
) -> Claim:
    """Create a new claim in status `new`; ValidationError field by field when invalid.

    `review` sets its status, verdict, explanation, review article or assignee at once, as
    claim_update would on the new claim, as `created_by` (a review decision needs the review
    permission).
    """
    claim = Claim(
        text=text,
        fact_key=fact_key,
        claimant=claimant,
        claimed_on=claimed_on,
        origin=origin,
        check_worthiness=check_worthiness,
        tags=list(tags),
        created_by=created_by,
    )
    claim.full_clean()
    claim.save()
    if review:
        ensure_editable(review, CLAIM_CREATE_LATER_FIELDS)
        claim = _claim_apply(Claim.objects.select_for_update().get(pk=claim.pk), review, created_by)
    return claim


def claim_update(
    *,
    claim: Claim,
    changes: dict[str, Any],
    user: User | None = None,
    expected_version: int | None = None,
    locked: bool = False,
) -> Claim:
    """Apply `changes` to a claim under a row lock and return the claim as written.

    With `expected_version`, the write happens only if nobody changed the claim since that
    version was read (StaleVersionError otherwise): the check and the write share one lock, so
    of two concurrent writers holding the same version exactly one succeeds. A review decision
    records who made it and when.

    `locked`: the caller took the row lock in its own transaction (`claim` is the row it read
    under it) and checked its own precondition, as the API does with If-Match; the claim is then
    changed in place, with no second read or lock.
    """
    ensure_editable(changes, CLAIM_EDITABLE_FIELDS)
    if locked:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("claim_update(locked=True) outside the transaction of the lock.")
        return _claim_apply(claim, changes, user)
    with transaction.atomic():
        current = Claim.objects.select_for_update().get(pk=claim.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleVersionError(current.version)
        return _claim_apply(current, changes, user)


def _claim_apply(locked: Claim, changes: dict[str, Any], user: User | None) -> Claim:
    """The rules of a claim update, on the locked row: review permission, publication, who
    reviewed, notifying a new assignee."""
    reviewing = is_review_change(locked, changes)
    if reviewing:
        ensure_may_review(user)
    computed = {}
    if reviewing:
        computed = {
            "reviewer": user if user is not None and user.is_authenticated else None,
            "reviewed_at": timezone.now(),
        }

    def publication_rule(changed: set[str]) -> None:
        if locked.status == ClaimStatus.PUBLISHED and changed & PUBLICATION_FIELDS:
            ensure_publishable(locked)

    changed = model_update(instance=locked, data=changes, computed=computed, check=publication_rule)
    if changed:
        locked.refresh_from_db(fields=["version"])  # the trigger bumped it
    if "assignee" in changed:
        notify_assigned(claim=locked, assignee=locked.assignee, by=user)
    return locked


def _locked_claim(pk: int) -> Claim:
    """The claim, its row locked until the transaction ends: its status cannot change (a
    publication, see claim_update) between checking who may change its evidence and the change.

    Writers of citations lock the claim before the citation, as merges do, so the two wait for
    each other rather than deadlock.
    """
    return Claim.objects.select_for_update(no_key=True).get(pk=pk)


def _locked_source(pk: int) -> Source:
    """The source, its row locked until the transaction ends: its text cannot change (see
    source_update) between anchoring a quote in it and storing the citation."""
    return Source.objects.select_for_update(no_key=True).get(pk=pk)


def citation_anchor(*, source: Source, quote: str, lenient: bool = False) -> Anchor:
    """Where `quote` occurs in `source`: it must occur exactly once. ValidationError on `quote`
    says why it does not anchor.

    `lenient` (a journalist pasting a passage in the admin) also finds the quote typed with
    straight quotes, hyphens or other spacing; the anchor is then the source's own characters,
    so the citation's quote is `source.body[anchor.start:anchor.end]`.
    """
    if not lenient:
        try:
            return locate(source.body, quote)
        except ValueError as error:
            raise ValidationError({"quote": str(error)}) from error
    found = find_quote(source.body, quote)
    if not found:
        raise ValidationError(
            {
                "quote": f"This quote does not occur in “{source}”, even ignoring differences "
                "in quote marks, dashes and spacing. Check for a typo or a different wording."
            }
        )
    if len(found) > 1:
        offsets = ", ".join(str(start) for start, _ in found[:5])
        raise ValidationError(
            {
                "quote": f"This quote occurs {len(found)} times in “{source}” (at offsets "
                f"{offsets}). Paste a longer passage, or give the start offset of the one you "
                "mean."
            }
        )
    return anchor_at(source.body, *found[0])


def source_body_guard(source: Source) -> str | None:
    """Why a cited source's text may not change (registered with `sources.services`): its
    citations are anchored by offsets into it. Store the new text as a new source."""
    cited = Citation.objects.filter(source=source).count()
    if not cited:
        return None
    return (
        f"This source is cited {cited} time(s); changing its text would break the citations' "
        "anchors. Store the new text as a new source."
    )


@transaction.atomic
def citation_create(
    *,
    claim: Claim,
    source: Source,
    quote: str,
    start: int | None = None,
    end: int | None = None,
    relation: str = CitationRelation.STATES,
    speaker: Entity | None = None,
    note: str = "",
    rank: str = CitationRank.NORMAL,
    created_by: User | None = None,
) -> Citation:
    """Cite `quote` from `source` for `claim`, as `created_by` (None: the system itself).

    Without offsets the quote is located in the source (it must occur exactly once); with them
    it must match the source text there exactly. ValidationError explains a quote that does not
    anchor; PermissionDenied a claim whose evidence `created_by` may not change.
    """
    claim = _locked_claim(claim.pk)
    ensure_may_change_evidence(claim, created_by)
    source = _locked_source(source.pk)
    if start is None:
        anchor = citation_anchor(source=source, quote=quote)
        start, end = anchor.start, anchor.end
    elif end is None:
        end = start + len(quote)
    citation = Citation(
        claim=claim,
        source=source,
        quote=quote,
        start=start,
        end=end,
        relation=relation,
        speaker=speaker,
        note=note,
        rank=rank,
        created_by=created_by,
    )
    citation.full_clean()
    citation.save()
    return citation


def claim_merge_check_pair(*, duplicate: Claim, into: Claim) -> None:
    """The rule on the two claims of a merge that needs no lock: a claim is not merged into
    itself. `claim_merge` applies it; the API asks it first, to answer 400 for the request
    body before the If-Match check and the row locks."""
    if duplicate.pk == into.pk:
        raise ValidationError("A claim cannot be merged into itself.")


@transaction.atomic
def claim_merge(*, duplicate: Claim, into: Claim, user: User | None = None) -> Claim:
    """Merge `duplicate` into `into`: one claim, all its citations; nothing is deleted.

    Citations move to `into` unless it already cites the same passage (those stay on the
    duplicate, which remains as a record marked `duplicate_of`). Tags are combined, and the
    merge is recorded as a confirmed same-claim relation; both claims keep their history.
    """
    claim_merge_check_pair(duplicate=duplicate, into=into)
    # Checked on the locked rows: two merges racing (A into B, B into A) must not make a cycle.
    claims = {
        c.pk: c
        for c in Claim.objects.select_for_update()
        .order_by("pk")
        .filter(pk__in=[duplicate.pk, into.pk])
    }
    duplicate, into = claims[duplicate.pk], claims[into.pk]
    if into.duplicate_of_id is not None:
        raise ValidationError("The target claim was itself merged; merge into its canonical claim.")
    if duplicate.duplicate_of_id is not None:
        raise ValidationError("This claim was already merged into another claim.")
    if duplicate.status in REVIEWED_STATUSES:
        ensure_may_review(user)  # merging takes a reviewed claim out of the published record
    already_cited = set(into.citations.values_list("source_id", "start", "end"))
    moving = [
        citation
        for citation in duplicate.citations.select_for_update()
        if (citation.source_id, citation.start, citation.end) not in already_cited
    ]
    if moving:
        ensure_may_change_evidence(into, user)  # new evidence for a reviewed claim
    # Claims merged into the duplicate earlier now point at the claim that stands for them all.
    Claim.objects.filter(duplicate_of=duplicate).update(duplicate_of=into)
    for citation in moving:
        citation.claim = into
        citation.save(update_fields=["claim", "updated_at"])
    new_tags = [tag for tag in duplicate.tags if tag not in into.tags]
    if new_tags:
        into.tags = [*into.tags, *new_tags]
        into.save(update_fields=["tags", "updated_at"])
    duplicate.duplicate_of = into
    duplicate.save(update_fields=["duplicate_of", "updated_at"])
    relation_decide(
        from_claim=duplicate,
        to_claim=into,
        status=RelationStatus.CONFIRMED,
        user=user,
        method="merged by a journalist",
        score=1.0,
    )
    into.refresh_from_db()
    return into


@transaction.atomic
def relation_suggest(
    *,
    from_claim: Claim,
    to_claim: Claim,
    score: float,
    method: str,
    kind: str = RelationKind.SAME_CLAIM,
) -> tuple[ClaimRelation, bool]:
    """Record that two claims may be the same; an existing suggestion or decision is kept."""
    existing = ClaimRelation.objects.filter(
        Q(from_claim=from_claim, to_claim=to_claim) | Q(from_claim=to_claim, to_claim=from_claim),
        kind=kind,
    ).first()
    if existing is not None:
        return existing, False
    relation = ClaimRelation(
        from_claim=from_claim, to_claim=to_claim, kind=kind, score=round(score, 3), method=method
    )
    relation.full_clean()
    relation.save()
    return relation, True


@dataclass(frozen=True)
class RelationSuggestion:
    """Two claims that may be the same, for `relations_suggest_many`."""

    from_claim: Claim
    to_claim: Claim
    score: float
    method: str


@service_transaction
def relations_suggest_many(
    *, suggestions: Sequence[RelationSuggestion], kind: str = RelationKind.SAME_CLAIM
) -> list[tuple[ClaimRelation, bool]]:
    """`relation_suggest` for each suggestion, in order, in two statements: one reading the
    relations already recorded between any of the pairs (either way round), one creating the
    others. Returns each suggestion's relation and whether it was created."""
    pairs = {frozenset((s.from_claim.pk, s.to_claim.pk)) for s in suggestions}
    known: dict[frozenset[int], ClaimRelation] = {}
    if pairs:
        either_way = Q()
        for pair in pairs:
            a, b = sorted(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
            either_way |= Q(from_claim_id=a, to_claim_id=b) | Q(from_claim_id=b, to_claim_id=a)
        # The first by the model's order, as relation_suggest's .first() finds it.
        for relation in ClaimRelation.objects.filter(either_way, kind=kind):
            known.setdefault(frozenset((relation.from_claim_id, relation.to_claim_id)), relation)
    out: list[tuple[ClaimRelation, bool]] = []
    created: list[ClaimRelation] = []
    for suggestion in suggestions:
        pair = frozenset((suggestion.from_claim.pk, suggestion.to_claim.pk))
        if pair in known:
            out.append((known[pair], False))
            continue
        relation = ClaimRelation(
            from_claim=suggestion.from_claim,
            to_claim=suggestion.to_claim,
            kind=kind,
            score=round(suggestion.score, 3),
            method=suggestion.method,
        )
        relation.full_clean(
            exclude=["from_claim", "to_claim"], validate_unique=False, validate_constraints=False
        )
        known[pair] = relation
        created.append(relation)
        out.append((relation, True))
    ClaimRelation.objects.bulk_create(created)
    return out


@transaction.atomic
def relation_decide(
    *,
    from_claim: Claim,
    to_claim: Claim,
    status: str,
    user: User | None = None,
    method: str = "decided by a journalist",
    score: float = 1.0,
    kind: str = RelationKind.SAME_CLAIM,
) -> ClaimRelation:
    """Confirm or reject a (possibly suggested) relation between two claims."""
    relation, _ = relation_suggest(
        from_claim=from_claim, to_claim=to_claim, score=score, method=method, kind=kind
    )
    relation.status = status
    relation.decided_by = user if user is not None and user.is_authenticated else None
    relation.decided_at = timezone.now()
    relation.full_clean()
    relation.save()
    return relation


# --- Bulk editorial actions (the admin's list actions); each claim goes through claim_update, so
# every change is versioned and recorded in history with the acting user.


@transaction.atomic
def claims_mark_in_review(*, claims: Iterable[Claim], user: User | None = None) -> int:
    """Move the `new` claims among `claims` to `in review`; returns how many moved.

    Claims already in review, reviewed or published are left alone: this action never undoes a
    review.
    """
    moved = 0
    for claim in claims:
        if claim.status == ClaimStatus.NEW:
            claim_update(claim=claim, changes={"status": ClaimStatus.IN_REVIEW}, user=user)
            moved += 1
    return moved


@transaction.atomic
def claims_assign(
    *,
    claims: Iterable[Claim],
    assignee: User | None,
    user: User | None = None,
) -> int:
    """Make `assignee` the journalist checking each claim; returns how many changed hands."""
    assignee_id = assignee.pk if assignee is not None else None
    changed = 0
    for claim in claims:
        if claim.assignee_id != assignee_id:
            claim_update(claim=claim, changes={"assignee": assignee}, user=user)
            changed += 1
    return changed


@transaction.atomic
def claims_tag(
    *,
    claims: Iterable[Claim],
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    user: User | None = None,
) -> int:
    """Add tags to and remove tags from each claim; returns how many claims changed."""
    add = [tag.strip() for tag in add if tag.strip()]
    removed = {tag.strip().casefold() for tag in remove}
    changed = 0
    for claim in claims:
        tags = [tag for tag in claim.tags if tag.casefold() not in removed]
        tags += [tag for tag in add if tag.casefold() not in {t.casefold() for t in tags}]
        if tags != claim.tags:
            claim_update(claim=claim, changes={"tags": tags}, user=user)
            changed += 1
    return changed


@transaction.atomic
def claims_publish(
    *, claims: Iterable[Claim], user: User | None = None
) -> tuple[list[Claim], dict[Claim, dict[str, list[str]]]]:
    """Publish each claim that meets the publication rule; returns the claims published and,
    for each claim left unpublished, what stops it (by field). Claims already published are
    neither. PermissionDenied unless `user` has REVIEW_PERMISSION."""
    ensure_may_review(user)
    published, refused = [], {}
    for claim in claims:
        if claim.status == ClaimStatus.PUBLISHED:
            continue
        candidate = copy.copy(claim)
        candidate.status = ClaimStatus.PUBLISHED
        problems = publication_problems(candidate)
        if problems:
            refused[claim] = problems
        else:
            published.append(
                claim_update(claim=claim, changes={"status": ClaimStatus.PUBLISHED}, user=user)
            )
    return published, refused


@transaction.atomic
def claims_set_verdict(*, claims: Iterable[Claim], verdict: str, user: User | None = None) -> int:
    """Set `verdict` on each claim (a review decision: reviewer and time are recorded).

    PermissionDenied unless `user` has REVIEW_PERMISSION. Returns how many claims changed.
    """
    changed = 0
    for claim in claims:
        if claim.verdict != verdict:
            claim_update(claim=claim, changes={"verdict": verdict}, user=user)
            changed += 1
    return changed


# --- Citation edits and deletes, claim deletes (the API's write path) ----------------------

CITATION_EDITABLE_FIELDS = frozenset(
    {"source", "quote", "start", "end", "relation", "speaker", "rank", "note"}
)


def _locked_citation(pk: int) -> Citation:
    """The citation and its claim, both locked (the claim first; see _locked_claim)."""
    while True:
        claim_id = Citation.objects.values_list("claim_id", flat=True).get(pk=pk)
        claim = _locked_claim(claim_id)
        citation = Citation.objects.select_for_update().get(pk=pk)
        if citation.claim_id == claim.pk:  # not moved by a merge meanwhile
            citation.claim = claim
            return citation


@transaction.atomic
def citation_update(*, citation: Citation, changes: dict[str, Any], user: User | None) -> Citation:
    """Apply `changes` to a citation under a row lock, as `user` (None: the system itself).

    When the quote or source changes without new offsets, the quote is located in the source
    again (it must occur exactly once), as in `citation_create`. Deprecating a citation is
    setting its rank. PermissionDenied when the citation's claim is reviewed or published and
    `user` may not review.
    """
    ensure_editable(changes, CITATION_EDITABLE_FIELDS)
    locked = _locked_citation(citation.pk)
    if all(getattr(locked, field) == value for field, value in changes.items()):
        return locked  # nothing changes, so nothing to be allowed
    ensure_may_change_evidence(locked.claim, user)
    data = dict(changes)
    source = data.get("source", locked.source)
    locked.source = _locked_source(source.pk if isinstance(source, Source) else source)
    data["source"] = locked.source
    quote = data.get("quote", locked.quote)
    if ({"quote", "source"} & set(changes)) and "start" not in changes:
        anchor = citation_anchor(source=locked.source, quote=quote)
        data["start"], data["end"] = anchor.start, anchor.end
    elif "start" in changes and "end" not in changes:
        data["end"] = changes["start"] + len(quote)
    model_update(instance=locked, data=data)
    return locked


@transaction.atomic
def citation_delete(*, citation: Citation, user: User | None) -> None:
    """Delete a citation (history keeps it; prefer rank `deprecated` for superseded evidence).

    PermissionDenied when its claim is reviewed or published and `user` may not review.
    """
    locked = _locked_citation(citation.pk)
    ensure_may_change_evidence(locked.claim, user)
    locked.delete()


@transaction.atomic
def claim_delete(*, claim: Claim) -> None:
    """Delete a claim with its citations and relations (all recorded in history)."""
    claim.delete()


# --- Identifying a speaker the importer could not ---------------------------------------


@dataclass(frozen=True)
class SpeakerIdentified:
    """What identifying a written name did."""

    claims: int  # claims that now have the entity as claimant
    left_for_review: int  # reviewed or published claims left alone (not the user's decision)
    alias_added: bool  # the written name became a confirmed alias of the entity


@transaction.atomic
def speaker_identify(
    *, written: str, entity: Entity, user: User | None = None
) -> SpeakerIdentified:
    """A journalist says who the speaker named `written` ("Trump") is: `entity`.

    The name becomes a confirmed alias of the entity (so later imports resolve it), and every
    claim without a claimant that a citation cites as spoken by that name gets the entity as
    claimant. A claim that has a claimant keeps it; a reviewed or published claim is changed
    only for a user who may review (a claimant change there is a review decision). One
    statement per step, however many claims: the claims are locked and updated together (the
    history triggers record each claim's change).
    """
    written = " ".join(written.split())
    if not written:
        raise ValidationError({"written": "Say which written name to identify."})
    locked = Entity.objects.select_for_update().get(pk=entity.pk)
    known = {name.casefold() for name in (locked.name, *locked.aliases)}
    alias_added = written.casefold() not in known
    if alias_added:
        locked = entity_update(entity=locked, changes={"aliases": [*locked.aliases, written]})
    cited = Citation.objects.filter(speaker_as_written=written).values("claim_id")
    candidates = Claim.objects.filter(pk__in=cited, claimant__isnull=True)
    may_review = user is None or user.has_perm(REVIEW_PERMISSION)
    ids, left = [], 0
    for pk, status in candidates.select_for_update(no_key=True).values_list("pk", "status"):
        if status in REVIEWED_STATUSES and not may_review:
            left += 1
        else:
            ids.append(pk)
    # `claimant IS NULL` again in the statement: never overwrite a claimant, whatever happened
    # between the read and the write.
    changed = Claim.objects.filter(pk__in=ids, claimant__isnull=True).update(
        claimant=locked, updated_at=timezone.now()
    )
    return SpeakerIdentified(claims=changed, left_for_review=left, alias_added=alias_added)


# --- Creating many at once (the importer's path): one statement per kind instead of several per
# object. Each object is validated in Python as the single-object services do; the database
# enforces the references and constraints that would otherwise cost a query per object.

_CLAIM_REFERENCES = ["claimant", "reviewer", "created_by", "assignee", "duplicate_of"]
_CITATION_REFERENCES = ["claim", "source", "speaker", "created_by"]


@service_transaction
def claims_create_many(*, claims: Sequence[Claim]) -> list[Claim]:
    """Create unsaved `claims` (status `new`) in one statement; when any is invalid nothing is
    created and ItemsInvalid (a ValidationError) gives each invalid one's errors by position."""
    validate_each(
        claims, lambda claim: claim.full_clean(exclude=_CLAIM_REFERENCES, validate_unique=False)
    )
    # Not `bulk_create`: its VALUES list (the tags array column rules out its UNNEST form) is a
    # new statement for every number of claims (see factbase.json_insert).
    return insert_as_json(claims)


@service_transaction
def citations_create_many(
    *,
    citations: Sequence[Citation],
    user: User | None = None,
    made_here: Collection[Source | Claim] = (),
) -> list[Citation]:
    """Create unsaved `citations` in one statement.

    A citation without offsets (`start` None) has its quote located in its source, which must
    contain it exactly once; with offsets, the quote must match the source text there. Their
    claims, then their sources, are locked once each (see `_locked_claim`, `_locked_source`);
    PermissionDenied when `user` (None: the system itself) may not change the evidence of one
    of the claims. When any is invalid nothing is created and ItemsInvalid (a ValidationError)
    gives each invalid one's errors by position.

    `made_here` are sources and claims the caller created in this transaction: no other
    transaction sees them, so nobody can change them meanwhile and nothing cites them yet;
    they are neither locked nor read again (the importer's new sources and claims).
    """
    made_sources = {obj.pk: obj for obj in made_here if isinstance(obj, Source)}
    made_claims = {obj.pk for obj in made_here if isinstance(obj, Claim)}
    if user is not None:
        claims = Claim.objects.select_for_update(no_key=True).filter(
            pk__in=sorted({citation.claim_id for citation in citations})
        )
        for claim in claims.order_by("pk"):
            ensure_may_change_evidence(claim, user)
    source_ids = sorted({citation.source_id for citation in citations} - made_sources.keys())
    locked = dict(made_sources)
    if source_ids:
        locked.update(
            (source.pk, source)
            for source in Source.objects.select_for_update(no_key=True)
            .filter(pk__in=source_ids)
            .order_by("pk")
        )

    # A passage already cited: only a claim and a source that existed before can have one.
    claim_ids = {citation.claim_id for citation in citations} - made_claims
    cited = (
        set(
            Citation.objects.filter(claim_id__in=claim_ids, source_id__in=source_ids).values_list(
                "claim_id", "source_id", "start", "end"
            )
        )
        if claim_ids and source_ids
        else set()
    )

    def check(citation: Citation) -> None:
        citation.source = locked[citation.source_id]
        if citation.start is None:
            anchor = citation_anchor(source=citation.source, quote=citation.quote)
            citation.start, citation.end = anchor.start, anchor.end
        elif citation.end is None:
            citation.end = citation.start + len(citation.quote)
        citation.full_clean(exclude=_CITATION_REFERENCES, validate_unique=False)
        anchor = (citation.claim_id, citation.source_id, citation.start, citation.end)
        if anchor in cited:
            raise ValidationError(
                {"quote": "This claim already cites this passage of this source."}
            )
        cited.add(anchor)

    validate_each(citations, check)
    return insert_as_json(citations)
