package org.numreg.registry.domain;

/** What kind of line a number serves. */
public enum NumberType { MOBILE, FIXED, VOIP, TOLL_FREE, PAGER, OTHER }
