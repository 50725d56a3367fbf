// The benchmark kernels' command line: `sunan-bench least-squares|monte-carlo [options]`.
BenchCommand.main()
