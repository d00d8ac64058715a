from handout.client import main

main()
