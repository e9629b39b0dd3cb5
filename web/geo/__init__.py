"""Country shapes and map projections for the map view; the shapes are converted once by `convert`."""
