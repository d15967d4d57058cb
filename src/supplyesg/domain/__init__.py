"""The pure core: business rules as functions of values. No I/O, no clock, no frameworks."""
