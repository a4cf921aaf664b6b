"""Where and when: a GeoNames gazetteer, toponym resolution in context, and date resolution."""
