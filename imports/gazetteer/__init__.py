"""The gazetteer: every organisation a note can name, and partner text resolved against it.

A package of small pieces: ``loading`` turns the reference data into organisations, clusters
and rules (``GazetteerData``); ``naming`` finds known names in text and makes the organisations
a match stands for (groups, unknown names); ``matching`` reads partner cells and prose against
them (``Gazetteer``); ``spans`` holds the string functions they use. ``model`` defines the
values they share.
"""

from .matching import Gazetteer
from .model import KINDS, Cluster, Org, Resolution

__all__ = ["KINDS", "Cluster", "Gazetteer", "Org", "Resolution"]
