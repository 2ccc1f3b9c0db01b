# Operators at line ends continue the command
true &&
echo after-and
false ||
echo after-or
echo one |
tr a-z A-Z
echo x \
  y \
  z
