package org.numreg.registry.domain;

/** Whether collect (reverse-charge) calls to the number are accepted. */
public enum CollectCalls { ALLOW, DENY }
