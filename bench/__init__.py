"""figwatch benchmarks: throughput, latency, state size and scaling, printed as one table."""
