"""The catalogue's data model (DESIGN.md, "Data model").

One ``Initiative`` is one real-world collaboration; each time a note reports it, that is one
``Mention``. Lookup tables (regions, clusters, organisations, target groups, statuses, source
documents) have slugs or codes as natural keys, so fixtures load idempotently.

One module per part of the domain: ``base`` (what the models share), ``places`` (regions,
clusters, organisations), ``vocabularies`` (target groups, collaboration models, statuses),
``sources`` (the notes), ``initiatives`` (initiatives and mentions), ``review`` (import
warnings, the catalogue version) and ``changes`` (each load or correction as a whole).
"""

from initiatives.models.base import (
    Correctable,
    SlugManager,
    VocabularyManager,
    VocabularyQuerySet,
    public_initiative_count,
    unique_slug,
)
from initiatives.models.changes import CatalogueChange
from initiatives.models.initiatives import Initiative, InitiativeRedirect, Mention
from initiatives.models.places import Cluster, Organisation, OrganisationRedirect, Region
from initiatives.models.review import CatalogueVersion, ImportWarning
from initiatives.models.sources import SourceDocument
from initiatives.models.vocabularies import CollaborationModel, Status, TargetGroup

__all__ = [
    "CatalogueChange",
    "CatalogueVersion",
    "Cluster",
    "CollaborationModel",
    "Correctable",
    "ImportWarning",
    "Initiative",
    "InitiativeRedirect",
    "Mention",
    "Organisation",
    "OrganisationRedirect",
    "Region",
    "SlugManager",
    "SourceDocument",
    "Status",
    "TargetGroup",
    "VocabularyManager",
    "VocabularyQuerySet",
    "public_initiative_count",
    "unique_slug",
]
