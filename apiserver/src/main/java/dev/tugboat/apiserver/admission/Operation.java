package dev.tugboat.apiserver.admission;

/** The operation an admission plugin sees. */
public enum Operation { CREATE, UPDATE, DELETE, CONNECT }
