from rashomon.cli import main

if __name__ == "__main__":  # spawned worker processes (Dask) re-import this module
    main()
