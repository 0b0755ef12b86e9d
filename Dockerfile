# The FRR extension image, without bldr, for the imager's --system-extension-image.
# Everything but FRR and the Node runtime is assembled first, reproducibly and tested, by
#   npm ci && npm run package        (-> dist/extension/)
# This file only adds FRR's image as the container rootfs, Node and tini from Alpine, and the
# netlink addon compiled for the image's libc (musl; the npm package ships glibc builds only).
ARG FRR_VERSION=10.5.1

FROM quay.io/frrouting/frr:${FRR_VERSION} AS frr
RUN apk add --no-cache nodejs tini

# The netlink native addon, built against the image's Node and musl.
FROM frr AS netlink-addon
RUN apk add --no-cache npm python3 make g++ linux-headers
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm rebuild netlink --build-from-source \
 && cp node_modules/netlink/build/Release/netlink.node /netlink.node

FROM scratch
COPY --from=frr / /rootfs/usr/local/lib/containers/frr/
COPY dist/extension/manifest.yaml /manifest.yaml
COPY dist/extension/rootfs/ /rootfs/
COPY --from=netlink-addon /netlink.node /rootfs/usr/local/lib/containers/frr/usr/local/lib/frr-supervisor/netlink.node
