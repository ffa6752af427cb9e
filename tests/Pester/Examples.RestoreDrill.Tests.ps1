# examples/Invoke-RestoreDrill.ps1 (the monthly restore drill runbook) against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestSession -ArgumentList '--creation-seconds', '1' -NoConnect
    $script:credential = [pscredential]::new($emu.ClientId, (ConvertTo-SecureString $emu.ClientSecret -AsPlainText -Force))
    $script:runbook = Join-Path (Get-AuraTestRepoRoot) 'examples/Invoke-RestoreDrill.ps1'
    $script:seedIds = 'a1b2c3d4', 'b2c3d4e5', 'c3d4e5f6', 'd4e5f6a7', 'e5f6a7b8'

    function Set-EmulatorSetting([hashtable] $Settings) { $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body $Settings }
    function Get-ScratchIds { @((Invoke-AuraEmulatorControl $emu -Path '/_emulator/state').instances | Where-Object { $_.id -notin $seedIds } | ForEach-Object id) }
    function Wait-ScratchGone {
        # The scratch instances still in the emulator once GET /v1/instances/{id} (a raw call, outside the module)
        # had the 1 s delete transition to answer 404.
        $token = Get-AuraTestToken $emu
        $deadline = [DateTime]::UtcNow.AddSeconds(5)
        do {
            $left = @(foreach ($id in Get-ScratchIds) {
                    $null = Invoke-RestMethod -Uri "$($emu.BaseUri)/v1/instances/$id" -Headers @{ Authorization = "Bearer $token" } `
                        -SkipHttpErrorCheck -StatusCodeVariable status
                    if ($status -ne 404) { $id }
                })
            if ($left) { Start-Sleep -Milliseconds 200 }
        } while ($left -and [DateTime]::UtcNow -lt $deadline)
        $left
    }
    function Get-PwshCommand {
        foreach ($name in 'pwsh', 'pwsh.exe') { $p = Join-Path $PSHOME $name; if (Test-Path $p -PathType Leaf) { return , @($p) } }
        return , @('dotnet', (Join-Path $PSHOME 'pwsh.dll'))
    }
}

AfterAll { Stop-AuraTestSession $script:emu }

Describe 'Invoke-RestoreDrill.ps1' {
    BeforeEach {
        Reset-Emulator
        Disconnect-Aura -ErrorAction SilentlyContinue
        $script:out = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
    }

    It 'drills every production instance, writes CSV, JSON and a summary, and leaves no scratch instance' {
        Clear-AuraEmulatorRequestLog $emu
        $rows = & $runbook -Credential $credential -BaseUri $emu.BaseUri -OutputPath $out -Test { param($i) "ran on $($i.Name)" }
        $rows.Count | Should -Be 3
        $rows.InstanceName | Should -Be @('prod-analytics', 'prod-catalog', 'prod-orders')
        $rows.Passed | Sort-Object -Unique | Should -Be $true
        $rows | ForEach-Object { $_.TestResult | Should -Match '^ran on drill-prod-' }
        $rows | ForEach-Object { $_.RestoreSeconds | Should -BeGreaterOrEqual 0.9 }

        $csv = @(Import-Csv (Get-ChildItem $out -Filter 'restore-drill-*.csv').FullName)
        $csv.Count | Should -Be 3
        $csv.InstanceId | Should -Be @('c3d4e5f6', 'b2c3d4e5', 'a1b2c3d4')
        $csv.Passed | Sort-Object -Unique | Should -Be 'True'
        # -DateKind String: a snapshot named by its time (2026-12-05T02:15:00Z, after 02:15 UTC) stays the text it is.
        $json = Get-Content (Get-ChildItem $out -Filter 'restore-drill-*.json').FullName -Raw | ConvertFrom-Json -DateKind String
        @($json).Count | Should -Be 3
        ($json | Where-Object InstanceId -eq 'a1b2c3d4').SnapshotId | Should -Be ($rows | Where-Object InstanceId -eq 'a1b2c3d4').SnapshotId
        $summary = Get-Content (Get-ChildItem $out -Filter 'restore-drill-*.txt').FullName -Raw
        $summary | Should -Match '3 of 3 passed'
        $summary | Should -Match 'Oldest recovery point \(RPO\): prod-analytics'
        $summary | Should -Match 'Slowest restore \(RTO\): '

        $creates = @(Get-ApiLog | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/v1/instances' })
        $creates.Count | Should -Be 3
        @(Get-ApiLog | Where-Object { $_.method -eq 'DELETE' -and $_.status -eq 202 }).Count | Should -Be 3
        Wait-ScratchGone | Should -BeNullOrEmpty
    }

    It 'fails (throws) when a drill fails, after writing the files and removing every scratch instance' {
        Set-EmulatorSetting @{ fail_next_clones = 1 }
        { & $runbook -Credential $credential -BaseUri $emu.BaseUri -OutputPath $out } | Should -Throw '*Restore drill: 1 of 3 failed*loading failed*'
        $csv = @(Import-Csv (Get-ChildItem $out -Filter 'restore-drill-*.csv').FullName)
        $csv.Count | Should -Be 3
        @($csv | Where-Object Passed -eq 'False').Count | Should -Be 1
        (Get-Content (Get-ChildItem $out -Filter 'restore-drill-*.txt').FullName -Raw) | Should -Match '2 of 3 passed(.|\n)*FAILED '
        Wait-ScratchGone | Should -BeNullOrEmpty
    }

    It 'exits non-zero under pwsh -File when a drill fails, with the secret in no output' {
        Set-EmulatorSetting @{ fail_next_clones = 1 }
        $command = Get-PwshCommand
        $moduleParent = Split-Path (Get-AuraTestModulePath) -Parent
        $old = @{ PSModulePath = $env:PSModulePath; AURA_CLIENT_ID = $env:AURA_CLIENT_ID; AURA_CLIENT_SECRET = $env:AURA_CLIENT_SECRET }
        try {
            $env:PSModulePath = $moduleParent + [IO.Path]::PathSeparator + $env:PSModulePath
            $env:AURA_CLIENT_ID = $emu.ClientId
            $env:AURA_CLIENT_SECRET = $emu.ClientSecret
            $env:AURA_BASE_URI = $emu.BaseUri
            $exe = $command[0]; $rest = @($command | Select-Object -Skip 1)
            $output = & $exe @rest -NoProfile -NonInteractive -File $runbook -OutputPath $out 2>&1 | Out-String
            $LASTEXITCODE | Should -Not -Be 0
            $output | Should -Match '1 of 3 failed'
            $output | Should -Not -Match ([regex]::Escape($emu.ClientSecret))
        }
        finally {
            foreach ($k in $old.Keys) { [Environment]::SetEnvironmentVariable($k, $old[$k]) }
            Remove-Item Env:AURA_BASE_URI -ErrorAction SilentlyContinue
        }
        @(Get-ChildItem $out -Filter 'restore-drill-*.csv').Count | Should -Be 1
        Wait-ScratchGone | Should -BeNullOrEmpty
    }

    It 'uses the caller''s current connection (no new sign-in) and drills only the instances named' {
        Connect-Aura -Credential $credential -BaseUri $emu.BaseUri
        Clear-AuraEmulatorRequestLog $emu
        $rows = & $runbook -Name 'prod-orders' -OutputPath $out
        $rows.InstanceId | Should -Be 'a1b2c3d4'
        $rows.Passed | Should -BeTrue
        @(Get-AuraEmulatorRequestLog $emu | Where-Object path -eq '/oauth/token').Count | Should -Be 0
        @(Get-ApiLog | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/v1/instances' }).Count | Should -Be 1
    }

    It 'fails a name that matches nothing, drilling the others' {
        { & $runbook -Credential $credential -BaseUri $emu.BaseUri -Name 'prod-orders', 'prod-missing' -OutputPath $out } |
            Should -Throw "*1 of 2 failed*prod-missing*Cannot find an Aura instance named 'prod-missing'*"
        $csv = @(Import-Csv (Get-ChildItem $out -Filter 'restore-drill-*.csv').FullName)
        ($csv | Where-Object InstanceId -eq 'a1b2c3d4').Passed | Should -Be 'True'
        { & $runbook -Credential $credential -BaseUri $emu.BaseUri -Name 'nothing-*' -OutputPath $out } | Should -Throw '*no instance matches*'
    }

    It '-WhatIf creates nothing and writes no file' {
        Clear-AuraEmulatorRequestLog $emu
        & $runbook -Credential $credential -BaseUri $emu.BaseUri -OutputPath $out -WhatIf | Should -BeNullOrEmpty
        Get-ApiLog | Where-Object method -ne 'GET' | Should -BeNullOrEmpty
        Test-Path $out | Should -BeFalse
        Get-ScratchIds | Should -BeNullOrEmpty
    }
}
