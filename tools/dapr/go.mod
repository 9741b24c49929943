// Pins the Dapr runtime and CLI this project is built and tested with.
// scripts/dapr-binaries.sh reads the versions from here; nothing imports these modules.
module github.com/identity-platform/tools/dapr

go 1.26

require (
	github.com/dapr/cli v1.18.0
	github.com/dapr/dapr v1.18.2
)
