"""Dataset releases: publish an immutable, citable, verifiable ``releases/VERSION/`` from a build.

``publish`` assembles the release (data copied byte-for-byte, plus manifest, dataset card,
Data Package, Croissant, changelog and report), ``verify`` re-checks one, ``cli`` wires both into
``baokan``. Everything except the release time is a pure function of the build and the previous
release, so publishing the same build twice gives the same bytes.
"""
