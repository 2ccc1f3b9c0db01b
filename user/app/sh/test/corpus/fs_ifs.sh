# Field splitting with IFS
v='a b	c
d'
set -- $v; echo $#
IFS=,; v='1,2,,3'
set -- $v; echo $# "[$3]"
IFS=' ,'; v=' x , y ,, z '
set -- $v; echo $#; for f; do echo "[$f]"; done
IFS=; v='no split here'
set -- $v; echo $#
unset IFS
v='  lots   of   space  '
set -- $v; echo $#
