<#
.SYNOPSIS
    What Import-Module loads, run in a fresh pwsh by Invoke-Benchmarks.ps1 -Scenario Import.
.DESCRIPTION
    Records the assemblies of the process before and after Import-Module, the in-process time of the import,
    and the time of the first Get-Command over the module (which is when PowerShell reads the cmdlets).
    AURA_BASE_URI / AURA_CLIENT_ID point at an emulator, so that the runner can check that importing sends nothing.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
$before = [AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name }
$sw = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module $ModulePath
$sw.Stop()
$importMs = $sw.Elapsed.TotalMilliseconds
$after = [AppDomain]::CurrentDomain.GetAssemblies()
$new = $after | Where-Object { $before -notcontains $_.GetName().Name } | ForEach-Object {
    $loc = if ($_.IsDynamic) { '(dynamic)' } elseif ($_.Location) { $_.Location } else { '(in memory)' }
    [pscustomobject]@{
        name     = $_.GetName().Name
        version  = $_.GetName().Version.ToString()
        location = $loc
        context  = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name
    }
}
$sw.Restart()
$commands = @(Get-Command -Module Neo4jAura)
$sw.Stop()
[pscustomobject]@{
    import_ms       = $importMs
    get_command_ms  = $sw.Elapsed.TotalMilliseconds
    commands        = $commands.Count
    assemblies      = @($new)
} | ConvertTo-Json -Depth 4 | Set-Content -Path $OutFile -Encoding utf8
