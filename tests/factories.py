"""factory_boy factories for the domain models; they build through the model, not the services."""

import factory

from claims.models import Citation, Claim
from factbase.users import User
from sources.models import Entity, EntityKind, Source

# Each factory is typed with its model, so `SourceFactory.create()` is a Source to the type
# checker (calling the factory itself, `SourceFactory()`, is typed as the factory).


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"journalist{n}")
    password = factory.django.Password("correct horse battery")


class EntityFactory(factory.django.DjangoModelFactory[Entity]):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Person {n}")
    kind = EntityKind.PERSON


class OrganisationFactory(EntityFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = EntityKind.ORGANISATION


class SourceFactory(factory.django.DjangoModelFactory[Source]):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Statement number {n}")
    body = factory.Sequence(
        lambda n: (
            f"Item {n}. The group said “membership rose to 300 in 2019” at its AGM – £5 a head."
        )
    )
    publisher = factory.SubFactory(OrganisationFactory)


class ClaimFactory(factory.django.DjangoModelFactory[Claim]):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Membership rose to {300 + n} in 2019")
    claimant = factory.SubFactory(OrganisationFactory)


class CitationFactory(factory.django.DjangoModelFactory[Citation]):
    class Meta:
        model = Citation

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    start = factory.LazyAttribute(lambda c: c.source.body.index("membership"))
    end = factory.LazyAttribute(lambda c: c.start + len("membership rose to 300 in 2019"))
    quote = factory.LazyAttribute(lambda c: c.source.body[c.start : c.end])
