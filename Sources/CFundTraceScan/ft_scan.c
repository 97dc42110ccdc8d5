// Header-only: see include/ft_scan.h.
