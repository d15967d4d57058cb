"""Greenhouse gas accounting: Scope 1 from fuels burnt, Scope 2 from electricity bought.

Every emission is activity x factors, and each calculation line keeps the factors it used so a
report can show its working (KPI A1.2; the guide's reporting principle "Quantitative" asks for
the methods and the sources of conversion factors). The package is split by concept:

- `factors`: the factor library, which factor applies to a fuel or grid region, and what an
  organisation factor must satisfy;
- `traces`: activities, the factors used by a calculation and the lines that keep them;
- `scope1`: fuels burnt, per gas; `scope2`: electricity bought, location-based;
- `accounting`: a year's Scope 1 and 2 lines and gaps for an entity, with the totals.

Import each name from the module that defines it.
"""
