# Multi-stage build: a static binary in a minimal image, run as non-root.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/sprintlens ./cmd/sprintlens

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/sprintlens /sprintlens
USER nonroot:nonroot
ENV LISTEN_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/sprintlens"]
CMD ["serve"]
