"""The gazetteer: every organisation a note can name, and partner text resolved against it.

A package of three pieces: ``loading`` turns the reference data into organisations, clusters
and rules (``GazetteerData``); ``matching`` reads text against them (``Gazetteer``); ``spans``
holds the string functions the matcher uses. ``model`` defines the values they share.
"""

from .matching import Gazetteer
from .model import KINDS, Cluster, Org, Resolution

__all__ = ["KINDS", "Cluster", "Gazetteer", "Org", "Resolution"]
