/** Where vtysh is when FRR_BIN_DIR has none: Debian and the FRR image install it in /usr/bin. */
export const defaultVtysh = '/usr/bin/vtysh';
