"""Pure card builders: data in, Adaptive Card JSON out, text in ru / kk / en. No I/O."""
