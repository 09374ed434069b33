"""The sample county of the demonstration: generated unit websites with planted problems.

No Django here. :func:`gongkai.demo.sites.generate_county` writes the static sites and a
manifest of the planted problems (:class:`gongkai.demo.manifest.CountyManifest`);
:func:`gongkai.demo.server.serve_county` serves them on loopback, one port per site (import it
from its module: ``python -m gongkai.demo.server`` runs that module as a script).
"""

from gongkai.demo.manifest import CountyManifest, PlantedProblem, UnitSite
from gongkai.demo.sites import generate_county

__all__ = ["CountyManifest", "PlantedProblem", "UnitSite", "generate_county"]
