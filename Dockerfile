# syntax=docker/dockerfile:1
# Multi-stage build: compile with the full Rust toolchain, run on a slim Debian with only the
# libraries the binary links (checked with `ldd target/release/sift`: libssl, libcrypto, libz, libgcc_s, libm, libc).

FROM rust:1.95-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends cmake libcurl4-openssl-dev libssl-dev zlib1g-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin sift

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends zlib1g libssl3 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/sift --create-home sift
COPY --from=build /src/target/release/sift /usr/local/bin/sift
# The defaults are compiled in; this copy documents every key for whoever mounts an override.
COPY config/default.toml /etc/sift/default.toml
USER 10001:10001
WORKDIR /var/lib/sift
# The embedded dedup store lives here; mount a volume (or use the Redis store) to keep it.
ENV SIFT__DEDUP__DATA_DIR=/var/lib/sift/dedup \
    SIFT__HTTP__LISTEN=0.0.0.0:9464
EXPOSE 9464
ENTRYPOINT ["/usr/local/bin/sift"]
CMD ["run"]
