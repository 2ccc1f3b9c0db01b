# Globs across directories
mkdir -p d1/sub d2
touch d1/x d1/y d2/x d1/sub/z
echo */x
echo d1/*
echo */*/z
echo d*/
cd d1 && echo * && cd ..
