#include "ft_prefetch.h"
