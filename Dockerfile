# Build: the same `go build` CI exercises, static (no cgo).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
# The module go.mod's replace directive points at (see internal/dateparser).
COPY internal/dateparser/go.mod internal/dateparser/
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/depeche ./cmd/depeche \
 && mkdir -p /out/data && chown 65532:65532 /out/data

# Run: the static binary and CA certificates only, as a non-root user,
# with the archive on a volume. Time zone data is built into the binary.
FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/depeche /depeche
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8077
ENTRYPOINT ["/depeche"]
CMD ["run"]
