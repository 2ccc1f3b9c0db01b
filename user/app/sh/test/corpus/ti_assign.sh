# Tilde in assignments and after unset HOME
HOME=/h
p=~/bin; echo $p
q=~; echo $q
echo ${HOME}
HOME=/other; echo ~
