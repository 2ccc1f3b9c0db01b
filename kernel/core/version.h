#pragma once
#define CLUU_VERSION "0.1.0"
