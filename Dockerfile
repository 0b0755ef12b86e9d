# The FRR extension image, without bldr, for the imager's --system-extension-image.
# Everything but FRR and the Node runtime is assembled first, reproducibly and tested, by
#   npm ci && npm run package        (-> dist/extension/, dist/addon-source/)
# This file adds FRR's official image as the container rootfs, Node and tini from its Alpine, and
# the netlink addon built from source for that image's musl and Node. The FRR version is
# vars.yaml's FRR_VERSION (test/package/image-recipes.test.ts holds the default below to it):
# change it there, not with --build-arg, or the manifest names another FRR than the image holds.
ARG FRR_VERSION=10.7.1

FROM quay.io/frrouting/frr:${FRR_VERSION} AS frr
RUN apk add --no-cache nodejs tini

# The netlink addon, built with the image's own Node and headers (nodejs-dev) and npm's node-gyp,
# fetching nothing; build.sh then has the bundle list the links over rtnetlink with it, so an
# addon that does not load fails this build, not a node's first boot.
FROM frr AS supervisor
RUN apk add --no-cache nodejs-dev npm python3 make g++ linux-headers
COPY dist/extension/rootfs/usr/local/lib/containers/frr/usr/local/lib/frr-supervisor/ /usr/local/lib/frr-supervisor/
COPY dist/addon-source/ /build/netlink/
RUN sh /build/netlink/build.sh /build/netlink /usr/local/lib/frr-supervisor
# The FRR the image ships is asked once, here, how it can check a config (which daemons' -C work);
# a node's first start takes the answer beside the bundle instead of asking again.
RUN node /usr/local/lib/frr-supervisor/frr-supervisor.cjs probe --out /usr/local/lib/frr-supervisor/frr-check-plan.json

FROM scratch
COPY --from=frr / /rootfs/usr/local/lib/containers/frr/
COPY dist/extension/manifest.yaml /manifest.yaml
COPY dist/extension/rootfs/ /rootfs/
COPY --from=supervisor /usr/local/lib/frr-supervisor/netlink.node /rootfs/usr/local/lib/containers/frr/usr/local/lib/frr-supervisor/netlink.node
COPY --from=supervisor /usr/local/lib/frr-supervisor/frr-check-plan.json /rootfs/usr/local/lib/containers/frr/usr/local/lib/frr-supervisor/frr-check-plan.json
