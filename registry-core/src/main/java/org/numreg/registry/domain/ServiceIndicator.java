package org.numreg.registry.domain;

/** How a number may be listed: public, private (not disclosed), or unlisted (no directory entry). */
public enum ServiceIndicator { PUBLIC, PRIVATE, UNLISTED }
