<#
.SYNOPSIS
    Times the module's redaction (Redactor.Redact, what error messages, debug lines and Invoke-AuraApi -Raw go
    through) on 64 MB of text built to make a backtracking matcher explode, one line per pattern.
.EXAMPLE
    dotnet pwsh -File benchmarks/Measure-Redaction.ps1            # after build.ps1 -Task Build
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Neo4jAura'),
    [int] $Megabytes = 64,
    [int] $Runs = 3
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$redactor = [Neo4jAura.AuraInstance].Assembly.GetType('Neo4jAura.Client.Redactor')
$redact = $redactor.GetMethod('Redact', [type[]]@([string]))
$size = $Megabytes * 1MB
foreach ($unit in 'a-', 'Bearer ', 'password=', 'a:a@', 'eyJ.', '"password":', '{"a":', 'pass\u0077ord ') {
    $text = [System.Text.StringBuilder]::new($size + 16).Insert(0, $unit, [int]($size / $unit.Length)).ToString()
    $null = $redact.Invoke($null, @($text))   # warm-up
    $times = foreach ($i in 1..$Runs) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = $redact.Invoke($null, @($text))
        $watch.Elapsed.TotalMilliseconds
    }
    [pscustomobject]@{ Pattern = $unit; MB = $Megabytes; BestMs = [math]::Round(($times | Measure-Object -Minimum).Minimum); WorstMs = [math]::Round(($times | Measure-Object -Maximum).Maximum) }
}
