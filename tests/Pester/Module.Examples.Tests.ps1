# The runbooks in examples/ run against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestEmulator -TransitionSeconds 1 -SnapshotSeconds 1 -ArgumentList '--rate-limit', '0'
    $script:credential = [pscredential]::new($emu.ClientId, (ConvertTo-SecureString $emu.ClientSecret -AsPlainText -Force))
    $script:examples = Join-Path (Get-AuraTestRepoRoot) 'examples'
    function Reset-Emulator { $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/reset' }
    function Get-ApiLog { @(Get-AuraEmulatorRequestLog $emu | ForEach-Object { $_ } | Where-Object { $_.path -like '/v1*' }) }
    function Get-PwshCommand {
        foreach ($name in 'pwsh', 'pwsh.exe') { $p = Join-Path $PSHOME $name; if (Test-Path $p -PathType Leaf) { return , @($p) } }
        return , @('dotnet', (Join-Path $PSHOME 'pwsh.dll'))
    }
}

AfterAll {
    if ($script:emu) { Stop-AuraTestEmulator $script:emu }
    Disconnect-Aura -ErrorAction SilentlyContinue
}

Describe 'Invoke-NightlySnapshots.ps1' {
    BeforeEach { Reset-Emulator }

    It 'snapshots every running instance and reports each as succeeded' {
        $summary = & (Join-Path $examples 'Invoke-NightlySnapshots.ps1') -Credential $credential -BaseUri $emu.BaseUri
        $summary.Count | Should -Be 4   # five seeded instances, one paused
        $summary.Result | Sort-Object -Unique | Should -Be 'Succeeded'
        $summary.InstanceId | Should -Not -Contain 'e5f6a7b8'
        foreach ($row in $summary) {
            (Get-AuraSnapshot -InstanceId $row.InstanceId -SnapshotId $row.SnapshotId).Status | Should -Be 'Completed'
        }
    }

    It 'uses the caller''s connection when there is one (no second sign-in)' {
        Connect-Aura -Credential $credential -BaseUri $emu.BaseUri
        Clear-AuraEmulatorRequestLog $emu
        $summary = & (Join-Path $examples 'Invoke-NightlySnapshots.ps1')
        $summary.Count | Should -Be 4
        @(Get-AuraEmulatorRequestLog $emu | Where-Object path -eq '/oauth/token').Count | Should -Be 0
    }

    It 'fails the job (non-zero exit) when a snapshot fails, after finishing the others' {
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body @{ fail_next_snapshots = 1 }
        $command = Get-PwshCommand
        $moduleParent = Split-Path (Get-AuraTestModulePath) -Parent
        $old = @{ PSModulePath = $env:PSModulePath; AURA_CLIENT_ID = $env:AURA_CLIENT_ID; AURA_CLIENT_SECRET = $env:AURA_CLIENT_SECRET }
        try {
            $env:PSModulePath = $moduleParent + [IO.Path]::PathSeparator + $env:PSModulePath
            $env:AURA_CLIENT_ID = $emu.ClientId
            $env:AURA_CLIENT_SECRET = $emu.ClientSecret
            $exe = $command[0]; $rest = @($command | Select-Object -Skip 1)
            $output = & $exe @rest -NoProfile -NonInteractive -File (Join-Path $examples 'Invoke-NightlySnapshots.ps1') -BaseUri $emu.BaseUri 2>&1 | Out-String
            $LASTEXITCODE | Should -Not -Be 0
            $output | Should -Match '1 of 4 failed'
            $output | Should -Not -Match ([regex]::Escape($emu.ClientSecret))
        } finally {
            foreach ($k in $old.Keys) { [Environment]::SetEnvironmentVariable($k, $old[$k]) }
        }
        @(Get-ApiLog | Where-Object { $_.method -eq 'POST' -and $_.path -like '/v1/instances/*/snapshots' }).Count | Should -Be 4
    }
}

Describe 'Update-StagingFromProduction.ps1' {
    BeforeEach { Reset-Emulator }

    It 'overwrites staging with the latest Completed, exportable production snapshot' {
        $latest = Get-AuraSnapshot -InstanceId 'a1b2c3d4' -Status Completed -Exportable -Latest -Connection (Connect-Aura -Credential $credential -BaseUri $emu.BaseUri -PassThru)
        Clear-AuraEmulatorRequestLog $emu
        $result = & (Join-Path $examples 'Update-StagingFromProduction.ps1') -SourceName 'prod-orders' -TargetName 'staging-orders' -Credential $credential -BaseUri $emu.BaseUri
        $result.Id | Should -Be 'd4e5f6a7'
        $result.Status | Should -Be 'running'
        $post = @(Get-ApiLog | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/v1/instances/d4e5f6a7/overwrite' })
        $post.Count | Should -Be 1
        $latest | Should -Not -BeNullOrEmpty
    }

    It 'uses the caller''s connection when there is one' {
        Connect-Aura -Credential $credential -BaseUri $emu.BaseUri
        Clear-AuraEmulatorRequestLog $emu
        (& (Join-Path $examples 'Update-StagingFromProduction.ps1') -SourceName 'prod-orders' -TargetName 'staging-orders').Status | Should -Be 'running'
        @(Get-AuraEmulatorRequestLog $emu | Where-Object path -eq '/oauth/token').Count | Should -Be 0
    }

    It 'changes nothing with -WhatIf' {
        Clear-AuraEmulatorRequestLog $emu
        & (Join-Path $examples 'Update-StagingFromProduction.ps1') -SourceName 'prod-orders' -TargetName 'staging-orders' -Credential $credential -BaseUri $emu.BaseUri -WhatIf |
            Should -BeNullOrEmpty
        @(Get-ApiLog | Where-Object method -ne 'GET').Count | Should -Be 0
    }

    It 'refuses a target that looks like production, sending nothing' {
        Clear-AuraEmulatorRequestLog $emu
        { & (Join-Path $examples 'Update-StagingFromProduction.ps1') -SourceName 'prod-orders' -TargetName 'prod-catalog' -Credential $credential -BaseUri $emu.BaseUri } |
            Should -Throw '*looks like production*'
        Get-ApiLog | Should -BeNullOrEmpty
    }
}
