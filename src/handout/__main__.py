from handout.cli import main

main()
